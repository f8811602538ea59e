// Adds the lockfile entries that the package mirror here cannot supply.
//
// Why: this machine's npm registry mirror serves only the Linux builds of platform-specific optional packages
// (@biomejs/cli-*, @rollup/rollup-*, @esbuild/*). `npm install` therefore leaves the other platforms' entries
// out of package-lock.json, and `npm ci` (npm ≥ 11.6.2) then refuses the lockfile as "out of sync"
// (npm/cli#8805, #4828). An entry with its exact version and `optional: true` is all `npm ci` needs: it skips
// optional packages of other platforms without downloading them. Run after any `npm install` that changes the
// lockfile: `node scripts/complete-lockfile.js`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform entries added`);
