// Run one load generator under GNU time (`/usr/bin/time -f '%U %S %M'`) so CPU (user+sys) and peak RSS are
// measured the same way for every tool. The command is bounded by a watchdog and always stopped by PID.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isStopping, stop, track } from './procs.js';
import { tmpPath } from './tmp.js';

export const GNU_TIME = '/usr/bin/time';

/**
 * @typedef {object} Measured
 * @property {number | null} code      exit code of the measured command
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} wallMs           wall time of the whole command, measured here
 * @property {number | null} userS
 * @property {number | null} sysS
 * @property {number | null} cpuS      user + sys seconds
 * @property {number | null} maxRssKb  peak resident set size (GNU time %M, KiB)
 * @property {boolean} timedOut
 */

/** @throws if GNU time is missing */
export function assertGnuTime() {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} not found: GNU time is required (apt-get install time)`);
}

/**
 * Parse the `-o` file of GNU time. When the command fails, time prepends a line such as
 * "Command exited with non-zero status 1", so take the last non-empty line.
 * @param {string} text
 */
export function parseTimeFile(text) {
  const lines = text.trim().split('\n').filter(Boolean);
  const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(lines.at(-1) ?? '');
  if (!m) return { userS: null, sysS: null, cpuS: null, maxRssKb: null };
  const userS = Number(m[1]);
  const sysS = Number(m[2]);
  return { userS, sysS, cpuS: userS + sysS, maxRssKb: Number(m[3]) };
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs: number, cwd?: string, env?: NodeJS.ProcessEnv }} opts
 * @returns {Promise<Measured>}
 */
export async function measure(cmd, args, { timeoutMs, cwd, env }) {
  if (isStopping()) throw new Error('bench is stopping');
  const timeFile = join(await tmpPath(), `time-${process.hrtime.bigint()}.txt`);
  const started = performance.now();
  // detached: own process group, so the watchdog and SIGINT cleanup can stop `time` *and* the tool under it
  const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = track(child, { group: true, signal: 'SIGTERM' });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d) => {
    stderr += d;
  });
  /** @type {Error | undefined} */
  let spawnError;
  child.once('error', (err) => {
    spawnError = err;
  });
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    stop(child, 3000);
  }, timeoutMs);
  await exited;
  clearTimeout(watchdog);
  const wallMs = performance.now() - started;
  if (spawnError) throw spawnError;
  const timeText = await readFile(timeFile, 'utf8').catch(() => '');
  await rm(timeFile, { force: true });
  return { code: child.exitCode, stdout, stderr, wallMs, timedOut, ...parseTimeFile(timeText) };
}
