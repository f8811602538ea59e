// One private temp directory per bench run (time output files, JSON reports of tools, nginx prefix),
// removed at exit.

import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @type {Promise<string> | undefined} */
let dir;

/** @returns {Promise<string>} path of the run's temp directory (created on first use) */
export function tmpPath() {
  if (!dir) {
    dir = mkdtemp(join(tmpdir(), 'rollbench-bench-'));
    dir.then((d) => process.once('exit', () => rmSync(d, { recursive: true, force: true })));
  }
  return dir;
}
