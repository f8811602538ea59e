import { isFailure, type OutcomeKey } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';
import { mergeOutcomes } from './windows.js';

/** Requests per second of each outcome, bucket by bucket (the x values are the buckets' starts, ms). */
export interface OutcomeRates {
  startMs: number[];
  /** Outcomes in display order: successes first, then failures by how many there were, most first. */
  outcomes: Array<{ key: OutcomeKey; failure: boolean; rps: number[] }>;
}

/**
 * `endMs`: when the load ended; the last bucket is usually cut short there, and its rate is over what it lasted
 * (a full bucket's width would show a drop at the end that never happened).
 */
export function outcomeRates(buckets: readonly Bucket[], bucketMs: number, endMs: number): OutcomeRates {
  const totals = new Map<OutcomeKey, number>();
  for (const bucket of buckets) {
    for (const [key, outcome] of Object.entries(bucket.outcomes))
      totals.set(key, (totals.get(key) ?? 0) + outcome.count);
  }
  const keys = [...totals.keys()].sort(
    (a, b) => Number(isFailure(a)) - Number(isFailure(b)) || (totals.get(b) ?? 0) - (totals.get(a) ?? 0),
  );
  const perSecond = buckets.map((bucket) => 1000 / Math.max(1, Math.min(bucketMs, endMs - bucket.startMs)));
  return {
    startMs: buckets.map((bucket) => bucket.startMs),
    outcomes: keys.map((key) => ({
      key,
      failure: isFailure(key),
      rps: buckets.map((bucket, i) => (bucket.outcomes[key]?.count ?? 0) * (perSecond[i] ?? 0)),
    })),
  };
}

/** Latency of successful requests per bucket, ms; null where a bucket had none (or kept no histograms). */
export interface BucketLatency {
  startMs: number[];
  p50Ms: Array<number | null>;
  p99Ms: Array<number | null>;
  maxMs: Array<number | null>;
}

export function successLatencyPerBucket(buckets: readonly Bucket[]): BucketLatency {
  const series: BucketLatency = { startMs: [], p50Ms: [], p99Ms: [], maxMs: [] };
  for (const bucket of buckets) {
    const merged = mergeOutcomes([bucket], (key) => !isFailure(key));
    const at = (percentile: number) =>
      merged.totalCount === 0 ? null : Math.round(merged.getValueAtPercentile(percentile)) / 1000;
    series.startMs.push(bucket.startMs);
    series.p50Ms.push(at(50));
    series.p99Ms.push(at(99));
    series.maxMs.push(at(100));
  }
  return series;
}
