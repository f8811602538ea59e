// Helpers shared by the kube-proxy benches: start a node script that announces its port, read a process's CPU from
// /proc, and run a bounded `rollbench load --rate` against a loopback port.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stop, track } from './procs.js';

export const ROLLBENCH = fileURLToPath(new URL('../../bin/rollbench.js', import.meta.url));

/**
 * Start `node <args>` (tracked, so it is stopped on every exit path) and resolve with the child and the first capture
 * of `pattern` on its standard output, as a number.
 * @param {string[]} args
 * @param {RegExp} pattern
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, port: number }>}
 */
export function startNode(args, pattern) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  track(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]}: no "${pattern}" within 30 s`)), 30_000);
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.once('exit', () => reject(new Error(`${args[0]} exited: ${out}`)));
  });
}

/**
 * utime and stime of one process (its threads included, its children not), ms: the kernel counts in 10 ms ticks.
 * @param {number | undefined} pid
 */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { userMs: Number(fields[11]) * 10, sysMs: Number(fields[12]) * 10 };
}

/**
 * `rollbench load http://127.0.0.1:<port>/ --rate <rate> --duration <durationS>s`, with a watchdog; returns what it
 * counted and its schedule line.
 * @param {number} port
 * @param {number} rate
 * @param {number} durationS
 */
export async function loadThrough(port, rate, durationS) {
  const child = spawn(
    process.execPath,
    [ROLLBENCH, 'load', `http://127.0.0.1:${port}/`, '--rate', String(rate), '--duration', `${durationS}s`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = track(child);
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  const watchdog = setTimeout(() => stop(child), (durationS + 60) * 1000);
  await exited;
  clearTimeout(watchdog);
  const count = (/** @type {RegExp} */ re) => Number(re.exec(out)?.[1]?.replaceAll(',', '') ?? Number.NaN);
  return { requests: count(/([\d,]+) requests in/), failed: count(/([\d,]+) failed/) };
}
