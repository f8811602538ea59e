import { join } from 'node:path';
import { ExitCode, InternalError, RestoreIncompleteError, RollbenchError } from '../core/errors.js';
import type { CapacityResult, RunResult, Verdict } from '../core/run-result.js';
import type { RunOutcome } from './session.js';
import type { RunSpec } from './spec.js';

/**
 * Exit 0 when a complete run met its SLO (a capacity run: some step met it), else 4: a run cut short (the run
 * timeout) has not shown that the SLO holds.
 */
export function verdictExitCode(result: RunResult | CapacityResult): number {
  if (result.incomplete !== undefined) return ExitCode.sloFailed;
  const passed = result.kind === 'capacity' ? result.maxPassingRps !== undefined : result.verdict.passed;
  return passed ? ExitCode.ok : ExitCode.sloFailed;
}

/** `rollbench load`: 130 when interrupted (what was measured still counts), else 0 or 4 from the thresholds. */
export function loadExitCode(verdict: Verdict, interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  return verdict.passed ? ExitCode.ok : ExitCode.sloFailed;
}

/**
 * Why a run failed, as the caller reports it: a RollbenchError keeps its class (a platform error stays a
 * platform error, exit 5); anything else is unexpected — not a sign the platform is unreachable — so an
 * InternalError (RUN_FAILED, exit 1) with its message kept and `hint` (where to look).
 */
export function runFailure(error: unknown, hint: string): RollbenchError {
  if (error instanceof RollbenchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(`the run failed: ${message}`, { hint, cause: error });
}

/** Where to look when a run fails: a local run's pod logs, or a cluster's reachability and permissions. */
export function failureHint(spec: { target: Pick<RunSpec['target'], 'platform'> }, outDir: string): string {
  return spec.target.platform === 'local'
    ? `see the pod logs in ${join(outDir, 'logs')}`
    : 'check the cluster, your permissions and the deployment with `rollbench doctor` (same --kubeconfig, --context, -n)';
}

/**
 * How a run ended, as an exit code: 130 when interrupted, else the verdict's 0 or 4.
 * @throws the run's failure, typed by `runFailure` (with `failureHint`).
 */
export function outcomeExitCode(
  outcome: RunOutcome<RunResult | CapacityResult>,
  spec: { target: Pick<RunSpec['target'], 'platform'> },
): number {
  if (outcome.interrupted) return ExitCode.interrupted;
  if (outcome.error !== undefined) throw runFailure(outcome.error, failureHint(spec, outcome.outDir));
  return verdictExitCode(outcome.result);
}

/**
 * A run that passed but left changed what it could not put back (a node cordoned, replicas not restored) must
 * not end 0: a CI gate would go green on a cluster left broken. Any other exit code is already not a pass.
 * @throws RestoreIncompleteError (exit 7) when `exitCode` is 0 and `leftChanged` is not empty.
 */
export function checkRestored(exitCode: number, leftChanged: readonly string[]): number {
  if (exitCode !== ExitCode.ok || leftChanged.length === 0) return exitCode;
  const count = leftChanged.length === 1 ? 'one change' : `${leftChanged.length} changes`;
  throw new RestoreIncompleteError(
    `the run passed, but ${count} could not be put back (left changed: ${leftChanged.join('; ')})`,
  );
}
