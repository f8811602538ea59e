import { ExitCode } from '../core/errors.js';
import type { RunResult } from '../core/run-result.js';
import { checkRestored } from './exit-code.js';
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
  /** Where the first run went. */
  outDir: string;
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
  if (first.exitCode !== ExitCode.ok && first.exitCode !== ExitCode.sloFailed) {
    return { first, outDir: options.outDir, verifyDir };
  }
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
    return { first, outDir: options.outDir, verifyDir, verify };
  } finally {
    unsubscribe();
  }
}

/** The run `run --verify` ends with the verdict of, where it went, and what was left changed on the way. */
export interface DecidingRun<T extends RunOnce> {
  run: T;
  outDir: string;
  /** Every change that could not be put back: by the first run, by --verify's own change, by the second run. */
  leftChanged: string[];
}

/**
 * Which run's verdict counts: the second when the recommendation was applied and the scenario ran again, else the
 * first (it could not be judged, it passed, or there was nothing to apply). Undefined when interrupted after the
 * first run and before a second one ran: there is no verdict to end with.
 */
export function decidingRun<T extends RunOnce>(verified: VerifiedRun<T>): DecidingRun<T> | undefined {
  const leftBy = (run: RunOnce) => run.result.restored?.leftChanged ?? [];
  const { first, verify } = verified;
  if (verify === undefined || verify.skipped !== undefined) {
    return { run: first, outDir: verified.outDir, leftChanged: leftBy(first) };
  }
  if (verify.rerun === undefined) return undefined;
  const leftByVerify = verify.record?.restored?.leftChanged ?? [];
  return {
    run: verify.rerun,
    outDir: verified.verifyDir,
    leftChanged: [...leftBy(first), ...leftByVerify, ...leftBy(verify.rerun)],
  };
}

/**
 * The exit code `rollbench run --verify` ends with: 130 when interrupted before a second run (see `decidingRun`),
 * else the deciding run's — or `judgedExitCode`, that code judged further by the caller (against a baseline) —
 * with a pass that left anything changed, by either run or by the change --verify applied, turned into exit 7.
 * @throws RestoreIncompleteError (exit 7), as `checkRestored`.
 */
export function verifiedExitCode<T extends RunOnce>(verified: VerifiedRun<T>, judgedExitCode?: number): number {
  const deciding = decidingRun(verified);
  if (deciding === undefined) return ExitCode.interrupted;
  return checkRestored(judgedExitCode ?? deciding.run.exitCode, deciding.leftChanged);
}
