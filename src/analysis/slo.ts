import { isFailure } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';
import type { Slo, SloCheck, SloName, Verdict } from '../core/run-result.js';
import { bucketsIn, countWindow, mergeOutcomes } from './windows.js';

/** The default when a scenario states no SLO: the question rollbench exists to answer. */
export const ZERO_DOWNTIME: Slo = { maxFailedRequests: 0 };

/** The limits of an SLO under the names users write, in the order they are checked. */
export function sloLimits(slo: Slo): Array<{ name: SloName; limit: number }> {
  const limits: Array<{ name: SloName; limit: number | undefined }> = [
    { name: 'maxFailedRequests', limit: slo.maxFailedRequests },
    { name: 'maxErrorRate', limit: slo.maxErrorRate },
    { name: 'maxP99', limit: slo.maxP99Ms },
  ];
  return limits.filter((item): item is { name: SloName; limit: number } => item.limit !== undefined);
}

/** Judges the buckets from `fromMs` on against the SLO. Pure. */
export function evaluateSlo(buckets: readonly Bucket[], slo: Slo, fromMs: number, toMs: number): Verdict {
  const judged = countWindow(buckets, fromMs, toMs);
  const measure: Record<SloName, () => number | null> = {
    maxFailedRequests: () => judged.failed,
    maxErrorRate: () => Number((judged.requests === 0 ? 0 : judged.failed / judged.requests).toFixed(6)),
    maxP99: () => successP99Ms(bucketsIn(buckets, fromMs, toMs)),
  };
  const checks = sloLimits(slo).map(({ name, limit }): SloCheck => {
    const measured = measure[name]();
    return { name, limit, measured, passed: measured !== null && measured <= limit };
  });
  return { passed: checks.every((item) => item.passed), judged, checks };
}

/**
 * p99 of the successful requests, ms; null when none succeeded: then there is no latency to hold to a limit, and
 * the check fails rather than passing empty.
 */
function successP99Ms(buckets: readonly Bucket[]): number | null {
  const successes = mergeOutcomes(buckets, (key) => !isFailure(key));
  return successes.totalCount === 0 ? null : Number((successes.getValueAtPercentile(99) / 1000).toFixed(3));
}
