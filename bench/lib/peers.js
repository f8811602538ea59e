// The native peers rollbench is measured against: hey, h2load and wrk from Debian's packages. Installed when
// missing (apt-get update && apt-get install -y, as root); a peer that cannot be had is skipped with a line saying why.

import { execFileSync, spawnSync } from 'node:child_process';
import { which } from './targets.js';

/** binary → Debian package */
export const PEER_PACKAGES = { hey: 'hey', h2load: 'nghttp2-client', wrk: 'wrk' };

/**
 * @param {(line: string) => void} progress
 * @returns {{ paths: Record<string, string | null>, skipped: Record<string, string>, versions: Record<string, string> }}
 */
export function ensurePeers(progress) {
  /** @type {Record<string, string | null>} */
  const paths = {};
  for (const bin of Object.keys(PEER_PACKAGES)) paths[bin] = which(bin);
  const missing = Object.keys(PEER_PACKAGES).filter((bin) => !paths[bin]);
  /** @type {Record<string, string>} */
  const skipped = {};
  if (missing.length > 0) {
    const packages = missing.map((bin) => PEER_PACKAGES[/** @type {keyof typeof PEER_PACKAGES} */ (bin)]);
    const why = installProblem();
    if (why) {
      for (const bin of missing)
        skipped[bin] = `${bin} not installed and ${why}: skipping it (apt-get install ${packages.join(' ')})`;
    } else {
      progress(`installing ${packages.join(', ')} (apt-get)`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const update = spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8', timeout: 180_000 });
      const install =
        update.status === 0
          ? spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { env, encoding: 'utf8', timeout: 300_000 })
          : update;
      for (const bin of missing) {
        paths[bin] = which(bin);
        if (!paths[bin]) {
          const reason = (install.stderr || install.stdout || String(install.error ?? '')).trim().split('\n').at(-1);
          skipped[bin] = `${bin} could not be installed (${reason || `apt-get exit ${install.status}`}): skipping it`;
        }
      }
    }
  }
  for (const line of Object.values(skipped)) progress(line);
  /** @type {Record<string, string>} */
  const versions = {};
  for (const [bin, path] of Object.entries(paths)) if (path) versions[bin] = packageVersion(bin);
  return { paths, skipped, versions };
}

/** @returns {string | null} why apt-get cannot install here, or null when it can */
function installProblem() {
  if (!which('apt-get')) return 'there is no apt-get';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'installing needs root';
  return null;
}

/** dpkg-query's format for the version field (a dpkg placeholder, not a template). */
const VERSION_FORMAT = ['$', '{Version}'].join('');

/** @param {string} bin */
function packageVersion(bin) {
  const pkg = PEER_PACKAGES[/** @type {keyof typeof PEER_PACKAGES} */ (bin)];
  try {
    return `${pkg} ${execFileSync('dpkg-query', ['-W', '-f', VERSION_FORMAT, pkg], { encoding: 'utf8' }).trim()}`;
  } catch {
    return 'unknown version';
  }
}
