import type { ResourceSample } from '../core/resource-sample.js';
import type { LoadResult } from '../core/result.js';
import { type CapacityResult, type CapacityStep, type Slo, stepPassed } from '../core/run-result.js';
import { percentiles } from './percentile.js';
import { evaluateSlo } from './slo.js';
import { successLatency } from './windows.js';

/** The rates a capacity run steps through, and the rate it sizes replicas for. */
export interface CapacityPlan {
  ratesRps: number[];
  targetRps?: number;
}

/** One step's load judged on its own: the SLO over the whole step, and its successful requests' latency. */
export function judgeStep(load: LoadResult, slo: Slo): Pick<CapacityStep, 'verdict' | 'successLatency'> {
  const { durationMs } = load.summary;
  return {
    verdict: evaluateSlo(load.buckets, slo, 0, durationMs),
    successLatency: successLatency(load.buckets, 0, durationMs),
  };
}

/** One replica's usage during a step, pooled over replicas: the samples whose whole interval lies in the step. */
export function stepUsage(
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
 * What the steps show: the highest rate that met the SLO, the replicas the target rate needs, and why stepping
 * stopped before the last rate if a step failed the SLO. Pure.
 */
export function capacityFindings(
  steps: readonly CapacityStep[],
  replicas: number,
  plan: CapacityPlan,
): Pick<CapacityResult, 'maxPassingRps' | 'sizing' | 'stoppedEarly'> {
  const passing = steps.filter(stepPassed).map((step) => step.rps);
  const maxPassingRps = passing.length > 0 ? Math.max(...passing) : undefined;
  const last = steps.at(-1);
  const failedEarly =
    last !== undefined &&
    last.load.summary.stopReason === 'completed' &&
    !last.verdict.passed &&
    steps.length < plan.ratesRps.length;
  return {
    ...(maxPassingRps === undefined ? {} : { maxPassingRps }),
    ...(maxPassingRps !== undefined && plan.targetRps !== undefined
      ? { sizing: sizeReplicas(maxPassingRps, replicas, plan.targetRps) }
      : {}),
    ...(failedEarly ? { stoppedEarly: `the SLO failed at ${last.rps} rps` } : {}),
  };
}

/**
 * A capacity result's findings computed afresh from its steps' verdicts and the rates its scenario recorded; a
 * result without them (written by hand) keeps its own.
 */
export function judgedCapacity(result: CapacityResult): CapacityResult {
  const plan = (result.scenario.asRun as { capacity?: CapacityPlan } | undefined)?.capacity;
  if (plan === undefined) return result;
  const { maxPassingRps: _max, sizing: _sizing, stoppedEarly: _stopped, ...rest } = result;
  return { ...rest, ...capacityFindings(result.steps, result.replicas, plan) };
}
