import { decodeHistogram } from '../core/histogram.js';
import { isFailure, type OutcomeKey } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';

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

/** Latency of one outcome per bucket, ms; null where a bucket had none of it (or kept no histograms). */
export interface OutcomeLatency {
  key: OutcomeKey;
  failure: boolean;
  p50Ms: Array<number | null>;
  p99Ms: Array<number | null>;
  maxMs: Array<number | null>;
}

/**
 * p50, p99 and max of each outcome's requests bucket by bucket, for `keys` in the order given (outcomes that kept
 * no histogram at all are left out): a failure class's latency (a fast 502, a timeout) beside the successes'.
 */
export function latencyPerOutcome(buckets: readonly Bucket[], keys: readonly OutcomeKey[]): OutcomeLatency[] {
  return keys.flatMap((key) => {
    const series: OutcomeLatency = { key, failure: isFailure(key), p50Ms: [], p99Ms: [], maxMs: [] };
    let recorded = false;
    for (const bucket of buckets) {
      const encoded = bucket.outcomes[key]?.histogram;
      const histogram = encoded === undefined ? undefined : decodeHistogram(encoded);
      const at = (percentile: number) =>
        histogram === undefined || histogram.totalCount === 0
          ? null
          : Math.round(histogram.getValueAtPercentile(percentile)) / 1000;
      recorded ||= histogram !== undefined;
      series.p50Ms.push(at(50));
      series.p99Ms.push(at(99));
      series.maxMs.push(at(100));
    }
    return recorded ? [series] : [];
  });
}
