import { isFailure } from '../core/outcome.js';
import type { RunResult } from '../core/run-result.js';

/** How long traffic kept reaching one pod after its termination began. */
export interface PodDrainLag {
  pod: string;
  /** Termination began (pod marked terminating: endpoint removal starts), ms since load start. */
  terminatingAtMs: number;
  /** The last request that reached the pod (or that a proxy routed to it) was sent at, ms since load start. */
  lastRequestAtMs: number;
  /** lastRequestAtMs − terminatingAtMs, ≥ 0. */
  lagMs: number;
  /** How this was measured: from the pod header of responses, or inferred from the end of the failure window. */
  source: 'pod-header' | 'failure-window';
}

export interface DrainLag {
  pods: PodDrainLag[];
  p50Ms: number;
  maxMs: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

/**
 * Drain lag per terminated pod: from the start of its termination to the last request that still reached
 * it. With a pod header (`x-rollbench-pod`, or the proxy's `x-rollbench-upstream` on its 502s) that is
 * measured directly; without one, the end of the failure window that follows the termination stands in for it
 * (and says so). Pure.
 */
export function measureDrainLag(result: RunResult): DrainLag {
  const pods: PodDrainLag[] = [];
  for (const event of result.timeline) {
    if (event.type !== 'pod-terminating' || event.pod === undefined) continue;
    const totals = result.summary.pods?.[event.pod];
    if (totals !== undefined) {
      const lagMs = Math.max(0, totals.lastSentMs - event.atMs);
      pods.push({
        pod: event.pod,
        terminatingAtMs: event.atMs,
        lastRequestAtMs: totals.lastSentMs,
        lagMs,
        source: 'pod-header',
      });
      continue;
    }
    // When responses named their pods, a pod that no request reached has no lag to infer.
    if (Object.keys(result.summary.pods ?? {}).length > 0) continue;
    const lastFailureMs = lastFailureAfter(result, event.atMs);
    if (lastFailureMs !== undefined) {
      pods.push({
        pod: event.pod,
        terminatingAtMs: event.atMs,
        lastRequestAtMs: lastFailureMs,
        lagMs: Math.max(0, lastFailureMs - event.atMs),
        source: 'failure-window',
      });
    }
  }
  const lags = pods.map((pod) => pod.lagMs).sort((a, b) => a - b);
  return { pods, p50Ms: percentile(lags, 50), maxMs: lags.at(-1) ?? 0 };
}

/** How far after a termination a failure window may start and still be taken as that pod's. */
const FAILURE_WINDOW_SEARCH_MS = 10_000;

// Without pod identity: the end of the last bucket holding failures, in the run of failing buckets that starts
// within FAILURE_WINDOW_SEARCH_MS of the termination.
function lastFailureAfter(result: RunResult, fromMs: number): number | undefined {
  const bucketMs = result.settings.bucketMs;
  let last: number | undefined;
  for (const bucket of result.buckets) {
    if (bucket.startMs + bucketMs <= fromMs) continue;
    if (last === undefined && bucket.startMs > fromMs + FAILURE_WINDOW_SEARCH_MS) break;
    const failed = Object.entries(bucket.outcomes).some(([key, outcome]) => isFailure(key) && outcome.count > 0);
    if (failed) last = bucket.startMs + bucketMs;
    else if (last !== undefined) break;
  }
  return last;
}
