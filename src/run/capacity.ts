import { successLatency } from '../analysis/comparison.js';
import { percentiles } from '../analysis/recommend/usage.js';
import { evaluateSlo } from '../analysis/slo.js';
import type { ResourceSample } from '../core/resource-sample.js';
import { RESULT_SCHEMA_VERSION } from '../core/result.js';
import { type CapacityResult, type CapacityStep, stepPassed } from '../core/run-result.js';
import { version } from '../core/version.js';
import { type LoadRun, startLoad } from '../load/run-load.js';
import { loadAt, type RunHandle, type RunOutcome, RunSession } from './session.js';
import { sleep } from './sleep.js';
import type { RunSpec } from './spec.js';

/** One replica's usage during a step, pooled over replicas: the samples whose whole interval lies in the step. */
function stepUsage(
  samples: readonly ResourceSample[],
  fromMs: number,
  toMs: number,
  intervalMs: number,
): CapacityStep['resources'] {
  // A sample's CPU is a rate over the interval before it: one taken less than an interval after the step began
  // still covers the idle pause before it, and would pull the percentiles down.
  const inStep = samples.filter((sample) => sample.atMs >= fromMs + intervalMs && sample.atMs <= toMs);
  if (inStep.length === 0) return undefined;
  const cpu = percentiles(inStep.map((sample) => sample.cpuMillicores));
  return {
    samples: inStep.length,
    cpuMillicoresP50: Math.round(cpu.p50),
    cpuMillicoresP95: Math.round(cpu.p95),
    memoryBytesMax: Math.max(...inStep.map((sample) => sample.memoryBytes)),
  };
}

/** Replicas for a target rate, scaling what `replicas` replicas sustained (ceil: never under-provision). */
export function sizeReplicas(maxPassingRps: number, replicas: number, targetRps: number) {
  const rpsPerReplica = maxPassingRps / replicas;
  return {
    targetRps,
    rpsPerReplica: Math.round(rpsPerReplica * 10) / 10,
    replicas: Math.ceil(targetRps / rpsPerReplica),
  };
}

/**
 * A capacity run: brings the target up, then holds each rate for stepDuration (a separate load per step, so
 * each step's numbers stand alone), judging the SLO per step; stops stepping after the first step that fails
 * it. The highest passing rate and the replicas a target rate needs come out of it. The target is always torn
 * down, and the result written, whatever happens.
 */
export function startCapacityRun(spec: RunSpec, outDir: string): RunHandle<CapacityResult> {
  const capacity = spec.capacity;
  if (!capacity) throw new Error('startCapacityRun needs spec.capacity');
  const session = new RunSession(spec, outDir);
  let load: LoadRun | undefined;

  const execute = async (): Promise<RunOutcome<CapacityResult>> => {
    const { signal, timeline } = session;
    const steps: CapacityStep[] = [];
    const startedAt = new Date();
    let error: unknown;
    let stoppedEarly: string | undefined;
    const originMs = performance.now();
    try {
      const url = await session.start();
      session.startTimeout(() => load?.stop());
      for (const [index, rps] of capacity.ratesRps.entries()) {
        signal.throwIfAborted();
        const phase = `step ${index + 1}/${capacity.ratesRps.length}: ${rps} rps`;
        session.enter(phase);
        timeline.push({ atMs: performance.now(), type: 'phase-started', subject: phase });
        load = startLoad(loadAt(spec.load, url, { rps, max: false, durationMs: capacity.stepDurationMs }));
        const stepStartMs = await load.started;
        const stepResult = await load.done;
        // The sample taken just after the step ends still measures the step (CPU is a rate over the interval).
        await sleep(spec.sampleIntervalMs, signal).catch(() => {});
        const resources = stepUsage(
          session.samples(),
          stepStartMs,
          stepStartMs + stepResult.summary.durationMs + spec.sampleIntervalMs,
          spec.sampleIntervalMs,
        );
        steps.push({
          rps,
          load: stepResult,
          verdict: evaluateSlo(stepResult.buckets, spec.slo, 0, stepResult.summary.durationMs),
          successLatency: successLatency(stepResult.buckets, 0, stepResult.summary.durationMs),
          ...(resources ? { resources } : {}),
        });
        if (stepResult.summary.stopReason !== 'completed') break;
        if (!steps.at(-1)?.verdict.passed) {
          if (index < capacity.ratesRps.length - 1) stoppedEarly = `the SLO failed at ${rps} rps`;
          break;
        }
      }
    } catch (err) {
      if (!signal.aborted) error = err;
    } finally {
      session.stopTimeout();
      load?.stop();
      await load?.done.catch((err: unknown) => {
        error ??= err;
      });
      await session.close();
    }
    const incomplete = session.incomplete(error);
    const passing = steps.filter(stepPassed).map((step) => step.rps);
    const maxPassingRps = passing.length > 0 ? Math.max(...passing) : undefined;
    const result: CapacityResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      kind: 'capacity',
      tool: { name: 'rollbench', version },
      startedAt: startedAt.toISOString(),
      scenario: { name: spec.name, ...(spec.file === undefined ? {} : { file: spec.file }), asRun: spec.asRun },
      platform: session.platform.describe(),
      replicas: spec.target.replicas,
      steps,
      ...(maxPassingRps === undefined ? {} : { maxPassingRps }),
      ...(maxPassingRps !== undefined && capacity.targetRps !== undefined
        ? { sizing: sizeReplicas(maxPassingRps, spec.target.replicas, capacity.targetRps) }
        : {}),
      ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
      ...(incomplete === undefined ? {} : { incomplete }),
      timeline: timeline.map((event) => ({ ...event, atMs: Math.round((event.atMs - originMs) * 10) / 10 })),
    };
    return session.conclude(result, error);
  };

  return session.handle(execute(), () => load);
}
