import {
  createLatencyHistogram,
  encodeHistogram,
  type Histogram,
  type OutcomeStats,
  outcomeStats,
  prepareHistograms,
} from '../core/histogram.js';
import { isFailure, type OutcomeKey } from '../core/outcome.js';
import type { Bucket, BucketOutcome, PodTotals } from '../core/result.js';

interface LiveOutcome {
  count: number;
  histogram: Histogram | undefined;
}

interface LiveBucket {
  readonly startMs: number;
  readonly outcomes: Map<OutcomeKey, LiveOutcome>;
  /** Requests begun in this bucket that have not ended yet; the bucket is sealed when it is past and 0. */
  pending: number;
  lateSends: number;
  droppedSends: number;
  /** Outcome counts per pod that answered (when pod headers are read). */
  pods: Map<string, Map<OutcomeKey, number>> | undefined;
  sealed: Bucket | undefined;
}

/**
 * Records each request's outcome and latency into the time bucket of its (intended) send time: one count
 * and one HDR histogram per outcome per bucket. Single-threaded and lock-free by construction: the engine
 * calls it from the event loop only. A bucket that is over and has no requests pending is sealed: its
 * histograms are encoded, added to the run totals, and reused, so memory stays flat however long the run.
 */
export class BucketRecorder {
  readonly #buckets: LiveBucket[] = [];
  readonly #totals = new Map<OutcomeKey, LiveOutcome>();
  readonly #spare: Histogram[] = [];
  readonly #pods = new Map<string, PodTotals>();
  #sealedUpTo = 0;

  constructor(
    /** Width of a bucket, ms. */
    readonly bucketMs: number,
    /** Keep histograms (true) or counts only (false). */
    readonly histograms: boolean,
    /** Called once per bucket when it is sealed, in bucket order; for streaming results elsewhere. */
    private readonly onSealed?: (bucket: Bucket) => void,
  ) {
    if (histograms) prepareHistograms();
  }

  /** The index of the bucket that holds `elapsedMs` (since the load start). */
  bucketAt(elapsedMs: number): number {
    return Math.max(0, Math.floor(elapsedMs / this.bucketMs));
  }

  /** Notes a request that starts in bucket `index`. */
  begin(index: number): void {
    this.#bucket(index).pending++;
  }

  /** Records the end of a request begun in bucket `index`. */
  end(index: number, key: OutcomeKey, latencyUs: number): void {
    const bucket = this.#buckets[index] as LiveBucket;
    bucket.pending--;
    this.#add(bucket.outcomes, key, latencyUs);
  }

  /**
   * Counts a request answered by (or, for a proxy's 502, routed to) `pod`, sent at `sentElapsedMs`: per
   * bucket per outcome, and the first/last time the pod was reached — the raw material of drain lag.
   */
  notePod(pod: string, key: OutcomeKey, index: number, sentElapsedMs: number): void {
    const bucket = this.#buckets[index] as LiveBucket;
    bucket.pods ??= new Map();
    let outcomes = bucket.pods.get(pod);
    if (outcomes === undefined) {
      outcomes = new Map();
      bucket.pods.set(pod, outcomes);
    }
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let totals = this.#pods.get(pod);
    if (totals === undefined) {
      totals = { requests: 0, failed: 0, firstSentMs: sentElapsedMs, lastSentMs: sentElapsedMs };
      this.#pods.set(pod, totals);
    }
    totals.requests++;
    if (isFailure(key)) {
      totals.failed++;
      totals.firstFailedMs = Math.min(totals.firstFailedMs ?? sentElapsedMs, sentElapsedMs);
      totals.lastFailedMs = Math.max(totals.lastFailedMs ?? sentElapsedMs, sentElapsedMs);
    }
    totals.firstSentMs = Math.min(totals.firstSentMs, sentElapsedMs);
    totals.lastSentMs = Math.max(totals.lastSentMs, sentElapsedMs);
  }

  /** Forgets a request begun in bucket `index` that will never end (the run was aborted). */
  abandon(index: number): void {
    (this.#buckets[index] as LiveBucket).pending--;
  }

  noteLateSend(index: number): void {
    this.#bucket(index).lateSends++;
  }

  noteDroppedSend(index: number): void {
    this.#bucket(index).droppedSends++;
  }

  /** Requests counted so far per outcome, including buckets not sealed yet (for progress lines). */
  countsSoFar(): Map<OutcomeKey, number> {
    const counts = new Map<OutcomeKey, number>();
    for (const [key, total] of this.#totals) counts.set(key, total.count);
    for (let i = this.#sealedUpTo; i < this.#buckets.length; i++) {
      for (const [key, outcome] of this.#buckets[i]?.outcomes ?? [])
        counts.set(key, (counts.get(key) ?? 0) + outcome.count);
    }
    return counts;
  }

  /** Seals, in order, every bucket before bucket `index` that has nothing pending. */
  sealBefore(index: number): void {
    while (this.#sealedUpTo < Math.min(index, this.#buckets.length)) {
      const bucket = this.#buckets[this.#sealedUpTo] as LiveBucket;
      if (bucket.pending > 0) return;
      this.#seal(bucket);
      this.#sealedUpTo++;
    }
  }

  /** Seals everything and returns all buckets plus the per-outcome totals. Frees every WASM histogram. */
  finish(): { buckets: Bucket[]; outcomes: Record<OutcomeKey, OutcomeStats>; pods: Record<string, PodTotals> } {
    for (; this.#sealedUpTo < this.#buckets.length; this.#sealedUpTo++)
      this.#seal(this.#buckets[this.#sealedUpTo] as LiveBucket);
    const outcomes: Record<OutcomeKey, OutcomeStats> = {};
    for (const [key, total] of [...this.#totals].sort(([a], [b]) => a.localeCompare(b))) {
      outcomes[key] = total.histogram ? outcomeStats(total.histogram) : countOnly(total.count);
      total.histogram?.destroy();
    }
    for (const histogram of this.#spare.splice(0)) histogram.destroy();
    this.#totals.clear();
    const pods = Object.fromEntries([...this.#pods].map(([pod, totals]) => [pod, roundPodTotals(totals)]));
    return { buckets: this.#buckets.map((bucket) => bucket.sealed as Bucket), outcomes, pods };
  }

  #bucket(index: number): LiveBucket {
    // Buckets are created in order, including empty ones, so the timeline has no holes.
    while (this.#buckets.length <= index) {
      this.#buckets.push({
        startMs: this.#buckets.length * this.bucketMs,
        outcomes: new Map(),
        pending: 0,
        lateSends: 0,
        droppedSends: 0,
        pods: undefined,
        sealed: undefined,
      });
    }
    return this.#buckets[index] as LiveBucket;
  }

  #add(outcomes: Map<OutcomeKey, LiveOutcome>, key: OutcomeKey, latencyUs: number): void {
    let outcome = outcomes.get(key);
    if (outcome === undefined) {
      outcome = { count: 0, histogram: this.histograms ? (this.#spare.pop() ?? createLatencyHistogram()) : undefined };
      outcomes.set(key, outcome);
    }
    outcome.count++;
    outcome.histogram?.recordValue(latencyUs);
  }

  #seal(bucket: LiveBucket): void {
    const outcomes: Record<OutcomeKey, BucketOutcome> = {};
    for (const [key, live] of [...bucket.outcomes].sort(([a], [b]) => a.localeCompare(b))) {
      let total = this.#totals.get(key);
      if (total === undefined) {
        total = { count: 0, histogram: this.histograms ? createLatencyHistogram() : undefined };
        this.#totals.set(key, total);
      }
      total.count += live.count;
      if (live.histogram) {
        total.histogram?.add(live.histogram);
        outcomes[key] = { count: live.count, histogram: encodeHistogram(live.histogram) };
        live.histogram.reset();
        this.#spare.push(live.histogram);
      } else {
        outcomes[key] = { count: live.count };
      }
    }
    bucket.outcomes.clear();
    const sealed: Bucket = { startMs: bucket.startMs, outcomes };
    if (bucket.lateSends > 0) sealed.lateSends = bucket.lateSends;
    if (bucket.droppedSends > 0) sealed.droppedSends = bucket.droppedSends;
    if (bucket.pods !== undefined) {
      sealed.pods = Object.fromEntries(
        [...bucket.pods]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([pod, counts]) => [pod, Object.fromEntries(counts)]),
      );
    }
    bucket.sealed = sealed;
    this.onSealed?.(sealed);
  }
}

function roundPodTotals(totals: PodTotals): PodTotals {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    ...totals,
    firstSentMs: round(totals.firstSentMs),
    lastSentMs: round(totals.lastSentMs),
    ...(totals.firstFailedMs === undefined ? {} : { firstFailedMs: round(totals.firstFailedMs) }),
    ...(totals.lastFailedMs === undefined ? {} : { lastFailedMs: round(totals.lastFailedMs) }),
  };
}

function countOnly(count: number): OutcomeStats {
  return { count, p50Ms: Number.NaN, p90Ms: Number.NaN, p99Ms: Number.NaN, p999Ms: Number.NaN, maxMs: Number.NaN };
}
