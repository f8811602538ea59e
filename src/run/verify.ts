import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseRun } from '../analysis/recommend/index.js';
import { deploymentPatch, patchContainers, patchValues } from '../analysis/recommend/patch.js';
import { PlatformError, UsageError } from '../core/errors.js';
import type { RestoreReport, RunResult } from '../core/run-result.js';
import { createPlatform, describeTarget, type LocalTarget } from '../platform/index.js';
import { applyTermination } from './apply-recommendation.js';
import type { RunHooks } from './lifecycle.js';
import type { RunSpec } from './spec.js';

/** What `--verify` applied between the two runs, and what it put back: written as `verify.json`. */
export interface VerifyRecord {
  /** The target changed: `deployment default/web`, or a local target's replicas. */
  target: string;
  applied: {
    preStopSeconds: number;
    terminationGracePeriodSeconds: number;
    /** On a cluster: the strategic-merge patch sent to the Deployment, and the template fields it touched. */
    patch?: object;
    fields?: string[];
  };
  /** `--keep`: the change stays on the cluster. */
  kept: boolean;
  /** What the platform put back, and what it could not; absent when kept, or when only the scenario changed. */
  restored?: RestoreReport;
}

export interface VerifyOptions<T> {
  /** The second run's output folder; `verify.json` goes there too. */
  outDir: string;
  /** Leave the change on the cluster instead of putting the Deployment back. */
  keep?: boolean;
  /** Aborts waiting for the change's rollout (Ctrl-C): the second run does not start; the change is put back. */
  signal?: AbortSignal;
  /** Aborts waiting for the rollout of the Deployment put back (a second Ctrl-C); it is put back all the same. */
  restoreSignal?: AbortSignal;
  hooks?: RunHooks & {
    /** Each step, for people: what is applied, that it rolled out, what was put back or left changed. */
    onStep?: (message: string) => void;
  };
  /** Runs the scenario again (the caller shows it, as it showed the first run) and hands back what it returns. */
  rerun(spec: RunSpec): Promise<T>;
}

export interface VerifyOutcome<T> {
  /** Why nothing was applied: the first run passed, or no pod was terminated. */
  skipped?: string;
  /** What `rerun` returned, when the change was applied and the scenario ran again. */
  rerun?: T;
  record?: VerifyRecord;
  /** Stopped while the change rolled out: no second run. */
  interrupted: boolean;
}

/**
 * `run --verify`, after the first run: when it failed and a preStop / grace period is recommended, applies that —
 * to a local target's settings, or to the Deployment as a strategic-merge patch of its pod template, awaited as
 * `kubectl rollout status` decides — runs the scenario again, and puts back the fields the patch touched (awaiting
 * that rollout too) unless `keep`: in every exit path, a failed patch, an interrupt and a failed second run
 * included. Throws (exit 5) when the change could not be applied, after putting back what it could.
 */
export async function verifyRecommendation<T>(
  spec: RunSpec,
  first: RunResult,
  options: VerifyOptions<T>,
): Promise<VerifyOutcome<T>> {
  if (first.verdict.passed && first.incomplete === undefined) {
    return { skipped: 'the run passed: there is nothing to fix, so nothing was changed', interrupted: false };
  }
  const termination = analyseRun(first).termination;
  if (!termination) {
    return { skipped: 'no pod was terminated during the run, so there is nothing to apply', interrupted: false };
  }
  const step = options.hooks?.onStep ?? (() => {});
  const target = describeTarget(spec.target);
  const values = patchValues(termination);
  const settings = `preStop ${values.preStopSeconds} s and terminationGracePeriodSeconds ${values.terminationGracePeriodSeconds} s`;
  if (spec.target.platform === 'local') {
    const applied = applyTermination(spec as RunSpec & { target: LocalTarget }, termination);
    step(`running again with ${settings}`);
    const rerun = await options.rerun(applied.spec);
    // Written after the second run, which clears its folder of a previous run's files as it starts.
    const record: VerifyRecord = { target, applied: values, kept: false };
    await writeRecord(options.outDir, record);
    return { rerun, record, interrupted: false };
  }
  const platform = createPlatform(spec.target, {
    logDir: join(options.outDir, 'logs'),
    ...(options.hooks?.onWarning === undefined ? {} : { onWarning: options.hooks.onWarning }),
  });
  if (platform.patchTemplate === undefined) {
    throw new UsageError(`--verify cannot change a ${spec.target.platform} target`, { code: 'VERIFY_UNSUPPORTED' });
  }
  const patch = deploymentPatch(termination, { containers: patchContainers(first) }) as {
    spec: { template: Record<string, unknown> };
  };
  const record: VerifyRecord = { target, applied: { ...values, patch }, kept: options.keep === true };
  const signal = options.signal ?? new AbortController().signal;
  let outcome: VerifyOutcome<T> = { record, interrupted: false };
  let failure: unknown;
  try {
    step(`patching ${target} (${settings}), waiting for its rollout: ${JSON.stringify(patch)}`);
    const { fields } = await platform.patchTemplate(patch.spec.template, signal);
    record.applied.fields = fields;
    if (signal.aborted) throw signal.reason;
    step(`${target} rolled out with ${settings}: running again`);
    outcome = { record, rerun: await options.rerun(spec), interrupted: false };
  } catch (error) {
    if (signal.aborted) outcome = { record, interrupted: true };
    else failure = error;
  } finally {
    if (options.keep) {
      step(`--keep: ${target} keeps the change (${record.applied.fields?.join(', ') ?? 'not rolled out'})`);
    } else {
      step(`putting ${target} back as it was, waiting for its rollout`);
      record.restored = await platform.restore(options.restoreSignal);
      for (const line of record.restored.restored) step(`restored: ${line}`);
      for (const line of record.restored.leftChanged) step(`left changed: ${line}`);
    }
    await writeRecord(options.outDir, record);
  }
  if (failure !== undefined) {
    throw new PlatformError(
      `--verify could not apply the recommendation to ${target}: ${failure instanceof Error ? failure.message : String(failure)}`,
      {
        code: 'VERIFY_APPLY_FAILED',
        hint: 'check the cluster and your permissions with `rollbench doctor`',
        cause: failure,
      },
    );
  }
  return outcome;
}

async function writeRecord(outDir: string, record: VerifyRecord): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'verify.json'), `${JSON.stringify(record, null, 2)}\n`);
}
