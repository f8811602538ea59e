import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { successLatency } from '../analysis/comparison.js';
import { percentiles } from '../analysis/recommend/usage.js';
import { evaluateSlo } from '../analysis/slo.js';
import type { ResourceSample } from '../core/resource-sample.js';
import { RESULT_SCHEMA_VERSION } from '../core/result.js';
import type { CapacityResult, CapacityStep } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { version } from '../core/version.js';
import type { LoadProgress } from '../load/engine.js';
import { type LoadRun, startLoad } from '../load/run-load.js';
import { ProcSampler } from '../observe/proc-sampler.js';
import { LocalPlatform } from '../platform/local/local-platform.js';
import { POD_HEADERS, samplingTargets } from './execute.js';
import { sleep } from './sleep.js';
import type { RunSpec } from './spec.js';

export interface CapacityOutcome {
  result: CapacityResult | undefined;
  outDir: string;
  error: unknown;
  interrupted: boolean;
}

export interface CapacityHandle {
  readonly done: Promise<CapacityOutcome>;
  stop(): void;
  abort(): void;
  progress(): LoadProgress | undefined;
  /** The step under way: its rate and index. */
  step(): { rps: number; index: number; of: number } | undefined;
}

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
export function startCapacityRun(spec: RunSpec, outDir: string): CapacityHandle {
  const capacity = spec.capacity;
  if (!capacity) throw new Error('startCapacityRun needs spec.capacity');
  const controller = new AbortController();
  let load: LoadRun | undefined;
  let current: { rps: number; index: number; of: number } | undefined;

  const execute = async (): Promise<CapacityOutcome> => {
    await mkdir(outDir, { recursive: true });
    const timeline: TimelineEvent[] = [];
    const platform = new LocalPlatform({ ...spec.target, logDir: join(outDir, 'logs') });
    const sampler = new ProcSampler({ intervalMs: spec.sampleIntervalMs, targets: () => samplingTargets(platform) });
    const steps: CapacityStep[] = [];
    const startedAt = new Date();
    let error: unknown;
    let stoppedEarly: string | undefined;
    const originMs = performance.now();
    let runTimer: NodeJS.Timeout | undefined;
    try {
      const { url } = await platform.start((event) => timeline.push(event), controller.signal);
      sampler.start();
      runTimer = setTimeout(() => {
        controller.abort('the run timeout was reached');
        load?.stop();
      }, spec.timeoutMs);
      const { path = '/', url: absoluteUrl, rps: _rps, max: _max, ...loadOptions } = spec.load;
      for (const [index, rps] of capacity.ratesRps.entries()) {
        controller.signal.throwIfAborted();
        current = { rps, index, of: capacity.ratesRps.length };
        timeline.push({ atMs: performance.now(), type: 'phase-started', subject: `step ${index + 1}: ${rps} rps` });
        load = startLoad({
          ...loadOptions,
          url: absoluteUrl ?? new URL(path, url).href,
          rps,
          durationMs: capacity.stepDurationMs,
          podHeaders: loadOptions.podHeaders ?? POD_HEADERS,
        });
        const stepStartMs = await load.started;
        const stepResult = await load.done;
        // The sample taken just after the step ends still measures the step (CPU is a rate over the interval).
        await sleep(spec.sampleIntervalMs, controller.signal).catch(() => {});
        const resources = stepUsage(
          sampler.samples(),
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
      if (!controller.signal.aborted) error = err;
    } finally {
      clearTimeout(runTimer);
      load?.stop();
      await load?.done.catch((err: unknown) => {
        error ??= err;
      });
      sampler.stop();
      await platform.restore();
    }
    const interrupted = controller.signal.aborted && controller.signal.reason === 'interrupted';
    if (controller.signal.aborted && !interrupted) stoppedEarly = String(controller.signal.reason);
    if (steps.length === 0)
      return { result: undefined, outDir, error: error ?? (interrupted ? 'interrupted' : undefined), interrupted };
    // A step cut short (Ctrl-C) proves nothing about its rate.
    const passing = steps
      .filter((step) => step.verdict.passed && step.load.summary.stopReason === 'completed')
      .map((step) => step.rps);
    const maxPassingRps = passing.length > 0 ? Math.max(...passing) : undefined;
    const result: CapacityResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      kind: 'capacity',
      tool: { name: 'rollbench', version },
      startedAt: startedAt.toISOString(),
      scenario: { name: spec.name, ...(spec.file === undefined ? {} : { file: spec.file }), asRun: spec.asRun },
      platform: platform.describe(),
      replicas: spec.target.replicas,
      steps,
      ...(maxPassingRps === undefined ? {} : { maxPassingRps }),
      ...(maxPassingRps !== undefined && capacity.targetRps !== undefined
        ? { sizing: sizeReplicas(maxPassingRps, spec.target.replicas, capacity.targetRps) }
        : {}),
      ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
      ...(interrupted ? { stoppedEarly: 'interrupted' } : {}),
      timeline: timeline.map((event) => ({ ...event, atMs: Math.round((event.atMs - originMs) * 10) / 10 })),
    };
    await writeFile(join(outDir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    return { result, outDir, error, interrupted };
  };

  return {
    done: execute(),
    stop: () => {
      controller.abort('interrupted');
      load?.stop();
    },
    abort: () => {
      controller.abort('interrupted');
      load?.abort();
    },
    progress: () => load?.progress(),
    step: () => current,
  };
}
