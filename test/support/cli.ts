import type { ChildProcess } from 'node:child_process';
import { type Ran, runWithDeadline } from './child.js';

export type { Ran } from './child.js';

/** The real `rollbench` binary (bin/ → dist/, built by `npm test`'s pretest), as a user runs it. */
export const rollbenchBin = new URL('../../bin/rollbench.js', import.meta.url).pathname;

/**
 * Runs `rollbench <args>` to completion; `whileRunning` gets the child (to signal it, say). Past `deadlineMs`
 * (default: just under the test's timeout) it is stopped and the promise rejects with the command and its output.
 */
export function rollbench(
  args: string[],
  whileRunning?: (child: ChildProcess) => void,
  deadlineMs?: number,
): Promise<Ran> {
  return runWithDeadline(process.execPath, [rollbenchBin, ...args], {
    ...(whileRunning ? { whileRunning } : {}),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  });
}
