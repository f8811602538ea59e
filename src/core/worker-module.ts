import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The URL of a worker thread's module `name` (e.g. `send-clock-worker.js`) beside the module at `moduleUrl` (the
 * caller's `import.meta.url`). From dist/ it is the compiled sibling. When the caller runs from its TypeScript source
 * (the tests, under vitest), a worker thread cannot load TypeScript, so it is the build's copy in dist/ — built by
 * `npm test` before the tests run; missing, it fails here with what to do rather than in the thread.
 */
export function workerModuleUrl(name: string, moduleUrl: string): URL {
  if (!moduleUrl.endsWith('.ts')) return new URL(`./${name}`, moduleUrl);
  const built = new URL(`./${name}`, moduleUrl.replace(/\/src\/(?!.*\/src\/)/, '/dist/'));
  if (!existsSync(built)) throw new Error(`${fileURLToPath(built)} is missing: run \`npm run build\``);
  return built;
}
