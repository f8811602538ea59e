import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Vitest's globalSetup: the tests run `bin/rollbench.js`, which runs dist/ (the CLI tests, and every replica of
// the sample app, in-process tests included), so a dist/ built before the last edit of src/ tests stale code.
// `npm test` builds first (pretest); `npx vitest run …` does not, and then this stops it.

/** The files under `dir` ending in `.ts` (not `.d.ts`), relative to `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .sort();
}

/**
 * What the last build compiled, by source path: tsc's incremental build info keeps each file's content hash
 * (sha256, hex) as its `version`. tsc does not re-emit a file whose content it already compiled, so a source
 * touched but unchanged (a checkout back and forth) stays older than its output and is not stale.
 */
function builtVersions(root: string): Map<string, string> {
  const versions = new Map<string, string>();
  try {
    const info = JSON.parse(readFileSync(join(root, 'dist', '.tsbuildinfo'), 'utf8')) as {
      fileNames?: string[];
      fileInfos?: Array<string | { version?: string }>;
    };
    info.fileNames?.forEach((name, i) => {
      const fileInfo = info.fileInfos?.[i];
      const version = typeof fileInfo === 'string' ? fileInfo : fileInfo?.version;
      if (version !== undefined) versions.set(relative(root, join(root, 'dist', name)), version);
    });
  } catch {
    // No build info (or another shape): modification times alone decide.
  }
  return versions;
}

function mtimeMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The sources under `<root>/src` whose `<root>/dist` output is missing or older, and not what the last build compiled. */
export function staleSources(root: string): string[] {
  const built = builtVersions(root);
  return sources(join(root, 'src'))
    .map((name) => join('src', name))
    .filter((source) => {
      const sourceMs = mtimeMs(join(root, source)) ?? 0;
      const outputMs = mtimeMs(join(root, 'dist', `${source.slice('src/'.length, -'.ts'.length)}.js`));
      if (outputMs !== undefined && outputMs >= sourceMs) return false;
      const hash = createHash('sha256')
        .update(readFileSync(join(root, source)))
        .digest('hex');
      return outputMs === undefined || built.get(source) !== hash;
    });
}

/** Why the tests must not run on this dist/, or undefined when it is current. */
export function distProblem(root: string): string | undefined {
  if (mtimeMs(join(root, 'dist')) === undefined) return 'dist/ is missing: run npm run build (npm test does it first)';
  const stale = staleSources(root);
  if (stale.length === 0) return undefined;
  const named = stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : '');
  return `dist/ is older than src/ (${named} changed since the last build), and the tests run dist/: run npm run build (npm test does it first)`;
}

export default function checkDist(): void {
  const problem = distProblem(new URL('../..', import.meta.url).pathname);
  if (problem !== undefined) throw new Error(problem);
}
