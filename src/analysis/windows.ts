import { createMergeHistogram, decodeHistogram, type Histogram } from '../core/histogram.js';
import { isFailure, type OutcomeKey } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';
import type { WindowCounts } from '../core/run-result.js';

/** Buckets whose start lies in [fromMs, toMs). */
export function bucketsIn(buckets: readonly Bucket[], fromMs: number, toMs: number): Bucket[] {
  return buckets.filter((bucket) => bucket.startMs >= fromMs && bucket.startMs < toMs);
}

export function countWindow(buckets: readonly Bucket[], fromMs: number, toMs: number): WindowCounts {
  const counts: WindowCounts = { fromMs, toMs, requests: 0, failed: 0, outcomes: {} };
  for (const bucket of bucketsIn(buckets, fromMs, toMs)) {
    for (const [key, outcome] of Object.entries(bucket.outcomes)) {
      counts.requests += outcome.count;
      if (isFailure(key)) counts.failed += outcome.count;
      counts.outcomes[key] = (counts.outcomes[key] ?? 0) + outcome.count;
    }
  }
  return counts;
}

/** One histogram of the chosen outcomes over the buckets (decoded, exact merge); empty when none were kept. */
export function mergeOutcomes(buckets: readonly Bucket[], include: (key: OutcomeKey) => boolean): Histogram {
  const merged = createMergeHistogram();
  for (const bucket of buckets) {
    for (const [key, outcome] of Object.entries(bucket.outcomes)) {
      if (include(key) && outcome.histogram) merged.add(decodeHistogram(outcome.histogram));
    }
  }
  return merged;
}

/** Failed requests of a bucket that no pod header names (all of them, when pod headers were not read). */
export function unnamedFailures(bucket: Bucket): number {
  let failed = 0;
  for (const [key, outcome] of Object.entries(bucket.outcomes)) if (isFailure(key)) failed += outcome.count;
  for (const outcomes of Object.values(bucket.pods ?? {})) {
    for (const [key, count] of Object.entries(outcomes)) if (isFailure(key)) failed -= count;
  }
  return failed;
}

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
