import { capacityFindings, judgeStep, stepUsage } from '../analysis/capacity.js';
import { UsageError } from '../core/errors.js';
import { RESULT_SCHEMA_VERSION } from '../core/result.js';
import { type CapacityResult, type CapacityStep, stepPassed } from '../core/run-result.js';
import { version } from '../core/version.js';
import { startLoadOnThread } from '../load/load-thread.js';
import type { LoadRun } from '../load/run-load.js';
import { type DriveContext, type RunHooks, type RunRecord, startLifecycle } from './lifecycle.js';
import { loadAt, type RunHandle } from './session.js';
import { sleep } from './sleep.js';
import type { RunSpec } from './spec.js';

/**
 * A capacity run: brings the target up, then holds each rate for stepDuration (a separate load per step, so
 * each step's numbers stand alone), judging the SLO per step; stops stepping after the first step that fails
 * it. The highest passing rate and the replicas a target rate needs come out of it (analysis). The target is
 * always restored, and the result written, whatever happens (see `startLifecycle`).
 */
export function startCapacityRun(spec: RunSpec, outDir: string, hooks: RunHooks = {}): RunHandle<CapacityResult> {
  const capacity = spec.capacity;
  if (!capacity) {
    throw new UsageError('startCapacityRun needs a capacity scenario: this spec has no capacity (rates to step)', {
      hint: 'load a scenario with a `capacity:` section (scenarios/local-capacity.yaml); startRun runs the others',
    });
  }
  let load: LoadRun | undefined;
  const steps: CapacityStep[] = [];
  // The timeline counts from the first step's load, as a run's counts from its load (start-up before it negative).
  let firstLoadStartMs: number | undefined;

  const drive = async ({ url, session, record, samples }: DriveContext): Promise<void> => {
    const { signal } = session;
    session.startTimeout(() => load?.stop());
    for (const [index, rps] of capacity.ratesRps.entries()) {
      signal.throwIfAborted();
      const phase = `step ${index + 1}/${capacity.ratesRps.length}: ${rps} rps`;
      session.enter(phase);
      record({ atMs: performance.now(), type: 'phase-started', runPhase: phase });
      load = startLoadOnThread(loadAt(spec.load, url, { rps, model: 'open', durationMs: capacity.stepDurationMs }));
      const stepStartMs = await load.started;
      firstLoadStartMs ??= stepStartMs;
      const stepResult = await load.done;
      // The sample taken just after the step ends still measures the step (CPU is a rate over the interval).
      await sleep(spec.sampleIntervalMs, signal).catch(() => {});
      const resources = stepUsage(
        samples(),
        stepStartMs,
        stepStartMs + stepResult.summary.durationMs + spec.sampleIntervalMs,
        spec.sampleIntervalMs,
      );
      const step: CapacityStep = {
        rps,
        load: stepResult,
        ...judgeStep(stepResult, spec.slo),
        ...(resources ? { resources } : {}),
      };
      steps.push(step);
      if (!stepPassed(step)) break;
    }
  };

  const finish = async (): Promise<void> => {
    load?.stop();
    await load?.done;
    // No step's load started: the timeline counts from where it would have, the end of the start-up.
    firstLoadStartMs ??= performance.now();
  };

  const assemble = (run: RunRecord): CapacityResult => {
    const replicas = run.workload?.before.replicas ?? 0;
    return {
      schemaVersion: RESULT_SCHEMA_VERSION,
      kind: 'capacity',
      tool: { name: 'rollbench', version },
      startedAt: run.startedAt.toISOString(),
      scenario: run.scenario,
      platform: run.platform,
      replicas,
      steps,
      ...capacityFindings(steps, replicas, capacity),
      ...(run.incomplete === undefined ? {} : { incomplete: run.incomplete }),
      timeline: run.timeline.map((event) => ({
        ...event,
        atMs: Math.round((event.atMs - (firstLoadStartMs ?? 0)) * 10) / 10,
      })),
      ...(run.workload === undefined ? {} : { workload: run.workload }),
      restored: run.restored,
    };
  };

  return startLifecycle(spec, outDir, { drive, finish, load: () => load, assemble }, hooks);
}
