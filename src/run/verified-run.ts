import { ExitCode } from '../core/errors.js';
import type { RunResult } from '../core/run-result.js';
import type { InterruptSource } from './interrupts.js';
import { clearPreviousRun } from './session.js';
import type { RunSpec } from './spec.js';
import { type VerifyOptions, type VerifyOutcome, verifyRecommendation } from './verify.js';

/** One run as the caller drives and shows it: how it ended, and what it measured. */
export interface RunOnce {
  exitCode: number;
  result: RunResult;
}

export interface VerifiedRunOptions<T extends RunOnce> {
  /** The first run's output folder; the second goes to `<outDir>-verify`. */
  outDir: string;
  /** Leave the change on the cluster instead of putting the Deployment back. */
  keep?: boolean;
  /**
   * Ctrl-C while the change rolls out: no second run, the change is put back; again: stop waiting for that
   * rollout. Unset: not interruptible. The runs themselves are the caller's to supervise.
   */
  interrupts?: InterruptSource;
  hooks?: VerifyOptions<T>['hooks'] & {
    /** Interrupted while the change was applied or put back (not during the second run, which says so itself). */
    onStopping?: () => void;
  };
  /** Runs the scenario once into `outDir`, shown as the caller wants, and says how it ended. */
  run(spec: RunSpec, outDir: string): Promise<T>;
}

export interface VerifiedRun<T extends RunOnce> {
  first: T;
  /** Where the second run went. */
  verifyDir: string;
  /** What `--verify` did: absent when the first run could not be judged (interrupted, failed). */
  verify?: VerifyOutcome<T>;
}

/**
 * `rollbench run --verify`: runs the scenario; when it ran to a verdict, applies the recommended preStop /
 * terminationGracePeriodSeconds and runs again (see `verifyRecommendation`: the change is put back in every exit
 * path unless `keep`). The second run's folder is cleared first: if the first run fails, there is none, and a
 * previous second run's result must not pass for this one's.
 */
export async function runVerified<T extends RunOnce>(
  spec: RunSpec,
  options: VerifiedRunOptions<T>,
): Promise<VerifiedRun<T>> {
  const verifyDir = `${options.outDir}-verify`;
  await clearPreviousRun(verifyDir);
  const first = await options.run(spec, options.outDir);
  if (first.exitCode !== ExitCode.ok && first.exitCode !== ExitCode.sloFailed) return { first, verifyDir };
  const stop = new AbortController();
  const stopRestore = new AbortController();
  let running = false;
  const unsubscribe = (options.interrupts ?? (() => () => {}))((count) => {
    if (count === 1) {
      if (!running) options.hooks?.onStopping?.();
      stop.abort('interrupted');
    } else {
      stopRestore.abort('interrupted');
    }
  });
  try {
    const verify = await verifyRecommendation(spec, first.result, {
      outDir: verifyDir,
      keep: options.keep === true,
      signal: stop.signal,
      restoreSignal: stopRestore.signal,
      ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
      rerun: async (again) => {
        running = true;
        try {
          return await options.run(again, verifyDir);
        } finally {
          running = false;
        }
      },
    });
    return { first, verifyDir, verify };
  } finally {
    unsubscribe();
  }
}
