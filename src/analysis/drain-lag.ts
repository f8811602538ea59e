import type { RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { percentile } from './percentile.js';
import { unnamedFailures } from './windows.js';

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
  /** What the Service's EndpointSlices said of the pod's endpoint (kubernetes), when the timeline holds it. */
  endpointSlice?: EndpointSliceDrain;
}

/** A terminating pod's endpoint as the EndpointSlices listed it. */
export interface EndpointSliceDrain {
  /** The slice marked the endpoint terminating (no longer ready): every proxy is told to stop routing to it. */
  terminatingAtMs: number;
  /** It left the slice (its pod deleted); absent when it was still listed as the run ended. */
  goneAtMs?: number;
  /** goneAtMs − terminatingAtMs: how long the slice still listed the terminating pod. */
  lagMs?: number;
  /**
   * lastRequestAtMs − terminatingAtMs, ≥ 0: how long traffic kept reaching the pod after the slice said to stop,
   * i.e. the proxies' propagation delay as the traffic saw it.
   */
  propagationMs: number;
  /** client: both moments are watch events' arrival times (ms); server: one is an object's timestamp (1 s). */
  source: 'client' | 'server';
}

export interface DrainLag {
  pods: PodDrainLag[];
  p50Ms: number;
  maxMs: number;
  /** The EndpointSlice side, over the pods it was seen for; absent when the timeline holds no slice events. */
  endpointSlice?: {
    pods: number;
    /** terminating → gone from the slice, over the pods that left it during the run. */
    p50Ms: number;
    maxMs: number;
    /** The largest propagationMs. */
    propagationMaxMs: number;
    source: 'client' | 'server';
  };
}

/**
 * Drain lag per terminated pod: from the start of its termination to the last request that still reached
 * it. With a pod header (`x-rollbench-pod`, or the proxy's `x-rollbench-upstream` on its 502s) that is
 * measured directly. Failures that carry no pod header (a reset when a new connection is routed to a pod that
 * has exited, as an l4 proxy does) can reach a pod after its last answered request: the end of the window of
 * such failures following the termination counts too, at bucket resolution, and the source says so. On kubernetes
 * the EndpointSlice side comes with it: when the slice marked the endpoint terminating and when the endpoint left it,
 * and how long traffic went on after the mark (the proxies' propagation delay). Pure.
 */
export function measureDrainLag(result: RunResult): DrainLag {
  const pods: PodDrainLag[] = [];
  for (const event of result.timeline) {
    if (event.type !== 'pod-terminating' || event.pod === undefined) continue;
    const headerMs = result.summary.pods?.[event.pod]?.lastSentMs;
    const failureMs = lastUnnamedFailureAfter(result, event.atMs);
    const candidates: Array<[number, PodDrainLag['source']]> = [];
    if (headerMs !== undefined) candidates.push([headerMs, 'pod-header']);
    if (failureMs !== undefined) candidates.push([failureMs, 'failure-window']);
    const latest = candidates.sort((a, b) => b[0] - a[0])[0];
    if (latest === undefined) continue;
    const slice = endpointSliceDrain(result.timeline, event.pod, latest[0]);
    pods.push({
      pod: event.pod,
      terminatingAtMs: event.atMs,
      lastRequestAtMs: latest[0],
      lagMs: Math.max(0, latest[0] - event.atMs),
      source: latest[1],
      ...(slice === undefined ? {} : { endpointSlice: slice }),
    });
  }
  const lags = pods.map((pod) => pod.lagMs).sort((a, b) => a - b);
  const slices = pods.flatMap((pod) => (pod.endpointSlice === undefined ? [] : [pod.endpointSlice]));
  return {
    pods,
    p50Ms: lags.length === 0 ? 0 : percentile(lags, 50),
    maxMs: lags.at(-1) ?? 0,
    ...(slices.length === 0 ? {} : { endpointSlice: sliceSummary(slices) }),
  };
}

// The slice's view of one pod: the first time it marked the endpoint terminating, and the first time after that the
// endpoint left the slice.
function endpointSliceDrain(
  timeline: readonly TimelineEvent[],
  pod: string,
  lastRequestAtMs: number,
): EndpointSliceDrain | undefined {
  const marked = timeline.find(
    (event) => event.pod === pod && event.type === 'endpoint-removed' && event.endpoint?.terminating === true,
  );
  if (marked === undefined) return undefined;
  const gone = timeline.find(
    (event) => event.pod === pod && event.type === 'endpoint-gone' && event.atMs >= marked.atMs,
  );
  const fromServer = marked.source === 'server' || gone?.source === 'server';
  return {
    terminatingAtMs: marked.atMs,
    ...(gone === undefined ? {} : { goneAtMs: gone.atMs, lagMs: gone.atMs - marked.atMs }),
    propagationMs: Math.max(0, lastRequestAtMs - marked.atMs),
    source: fromServer ? 'server' : 'client',
  };
}

function sliceSummary(slices: EndpointSliceDrain[]): NonNullable<DrainLag['endpointSlice']> {
  const lags = slices.flatMap((slice) => (slice.lagMs === undefined ? [] : [slice.lagMs])).sort((a, b) => a - b);
  return {
    pods: lags.length,
    p50Ms: lags.length === 0 ? 0 : percentile(lags, 50),
    maxMs: lags.at(-1) ?? 0,
    propagationMaxMs: Math.max(...slices.map((slice) => slice.propagationMs)),
    source: slices.some((slice) => slice.source === 'server') ? 'server' : 'client',
  };
}

/** How far after a termination a failure window may start and still be taken as that pod's. */
const FAILURE_WINDOW_SEARCH_MS = 10_000;

// The end of the last bucket holding failures no pod header names, in the run of such buckets that starts within
// FAILURE_WINDOW_SEARCH_MS of the termination.
function lastUnnamedFailureAfter(result: RunResult, fromMs: number): number | undefined {
  const bucketMs = result.settings.bucketMs;
  let last: number | undefined;
  for (const bucket of result.buckets) {
    if (bucket.startMs + bucketMs <= fromMs) continue;
    if (last === undefined && bucket.startMs > fromMs + FAILURE_WINDOW_SEARCH_MS) break;
    const failed = unnamedFailures(bucket) > 0;
    if (failed) last = bucket.startMs + bucketMs;
    else if (last !== undefined) break;
  }
  return last;
}
