import { isFailure } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';
import type { RunResult } from '../core/run-result.js';
import { bucketsIn, mergeOutcomes } from './windows.js';

/** Latency of the successful requests in a window, all success outcomes merged (exact, from the histograms). */
export interface SuccessLatency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function successLatency(buckets: readonly Bucket[], fromMs: number, toMs: number): SuccessLatency {
  const merged = mergeOutcomes(bucketsIn(buckets, fromMs, toMs), (key) => !isFailure(key));
  const ms = (us: number) => Math.round(us) / 1000;
  return merged.totalCount === 0
    ? { p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN }
    : {
        p50Ms: ms(merged.getValueAtPercentile(50)),
        p99Ms: ms(merged.getValueAtPercentile(99)),
        maxMs: ms(merged.getValueAtPercentile(100)),
      };
}

/** One run as a column of the before / after table of `run --verify`: all figures over its judged window. */
export interface ComparisonColumn {
  preStopSeconds: number;
  terminationGracePeriodSeconds: number;
  requests: number;
  failed: number;
  p99Ms: number;
  passed: boolean;
}

interface AsRunTermination {
  target?: { lifecycle?: { preStop?: { sleep?: { seconds?: number } } }; terminationGracePeriodSeconds?: number };
}

/**
 * The preStop and grace period a run used: as the platform held them (`workload.before`; an exec or HTTP preStop,
 * whose length is unknown, counts as none), or, in a result written before they were recorded, from the scenario
 * (Kubernetes' default grace: 30 s).
 */
export function terminationAsRun(result: RunResult): { preStopSeconds: number; terminationGracePeriodSeconds: number } {
  const workload = result.workload?.before;
  if (workload) {
    const sleeps = workload.containers.map((container) =>
      container.preStop && 'sleepSeconds' in container.preStop ? container.preStop.sleepSeconds : 0,
    );
    return {
      preStopSeconds: Math.max(0, ...sleeps),
      terminationGracePeriodSeconds: workload.terminationGracePeriodSeconds,
    };
  }
  const target = (result.scenario.asRun as AsRunTermination | undefined)?.target;
  return {
    preStopSeconds: target?.lifecycle?.preStop?.sleep?.seconds ?? 0,
    terminationGracePeriodSeconds: target?.terminationGracePeriodSeconds ?? 30,
  };
}

export function comparisonColumn(result: RunResult): ComparisonColumn {
  const { judged } = result.verdict;
  return {
    ...terminationAsRun(result),
    requests: judged.requests,
    failed: judged.failed,
    p99Ms: successLatency(result.buckets, judged.fromMs, judged.toMs).p99Ms,
    passed: result.verdict.passed && result.incomplete === undefined,
  };
}
