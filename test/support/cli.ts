import { type ChildProcess, spawn } from 'node:child_process';

/** The real `rollbench` binary (bin/ → dist/, built by `npm test`'s pretest), as a user runs it. */
export const rollbenchBin = new URL('../../bin/rollbench.js', import.meta.url).pathname;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Longest a `rollbench` child may run in a test before it is killed (its test then fails on the exit code). */
const DEADLINE_MS = 60_000;

/**
 * Runs `rollbench <args>` to completion; `whileRunning` gets the child (to signal it, say). Killed (SIGKILL) past
 * `deadlineMs`.
 */
export function rollbench(
  args: string[],
  whileRunning?: (child: ChildProcess) => void,
  deadlineMs = DEADLINE_MS,
): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [rollbenchBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      done({ code, stdout, stderr });
    });
    whileRunning?.(child);
  });
}
