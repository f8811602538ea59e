import { isFailure } from '../core/outcome.js';
import type { RunResult } from '../core/run-result.js';
import { type PodLife, podLives } from './pod-lives.js';

export type FailureCause =
  | 'routed-after-exit'
  | 'routed-after-sigterm'
  | 'routed-before-ready'
  | 'pod-error'
  | 'reset-on-exit'
  | 'no-endpoints'
  | 'unexplained';

/** Transport failures a pod exiting with connections open produces (a refused connect or a timeout is not that). */
const RESET_OUTCOMES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

export interface AttributedFailures {
  cause: FailureCause;
  count: number;
  /** First and last send time of these failures, ms since load start (bucket bounds when no finer data). */
  fromMs: number;
  toMs: number;
  /** The pods concerned (answered, named by the proxy, or exiting at the time). */
  pods: string[];
  /** The disruption during which they happened (the action that replaced the pod, or whose window holds them). */
  action?: string;
  /** Why nothing explains them, for `unexplained` failures a missing record leaves unexplained. */
  reason?: string;
}

export interface Attribution {
  failed: number;
  causes: AttributedFailures[];
}

/**
 * How long after an action finished, ms, failures no pod header names are still that action's: a rollout or scale
 * counts as finished when the API says so (new pods ready, old ones deleted), while old pods are still on their way
 * out — proxies notice the endpoint change after their propagation delay, and the kubelet's preStop → SIGTERM →
 * exit takes up to the grace period (30 s by default, seconds for most apps). Past this, a failure is left to its
 * own cause without an action.
 */
export const ACTION_AFTERMATH_MS = 5000;

/** Without platform events (a result whose timeline is empty) every cause would be a guess. */
const NO_EVENTS = 'the result holds no platform events (its timeline is empty): causes are unknown';
/** A pod the timeline never names: nothing says when it started, became ready or was stopped. */
const POD_NOT_IN_TIMELINE = 'no platform event names the pods that answered';

interface Cause {
  cause: FailureCause;
  reason?: string;
}

// A pod's failures are attributed as a group per time bucket, from the bounds of their window there: the window is
// precise (per request send time), while per-request causes would need a per-request log the result does not keep.
// Failures that went on until after the pod had exited (or got SIGTERM) are that termination's: its first failures
// may have been sent a moment before the exit was recorded, since the exit is seen after it happens.
function causeForPod(life: PodLife | undefined, fromMs: number, toMs: number): Cause {
  if (life === undefined) return { cause: 'unexplained', reason: POD_NOT_IN_TIMELINE };
  if (life.exitedAtMs !== undefined && toMs >= life.exitedAtMs) return { cause: 'routed-after-exit' };
  if (life.sigtermAtMs !== undefined && toMs >= life.sigtermAtMs) return { cause: 'routed-after-sigterm' };
  if (life.readyAtMs === undefined || fromMs < life.readyAtMs) return { cause: 'routed-before-ready' };
  return { cause: 'pod-error' };
}

/**
 * Attributes every failed request of a run to a cause from the timeline, with counts per cause, pod and
 * disruption, and the time window of each. Pure: RunResult in, attribution out.
 */
export function attributeFailures(result: RunResult): Attribution {
  const lives = podLives(result);
  const actionOfPod = new Map<string, string>();
  for (const action of result.actions) for (const pod of action.podsRemoved) actionOfPod.set(pod, action.id);
  const groups = new Map<string, AttributedFailures>();
  const noEvents = result.timeline.length === 0;
  const unknown: Cause = { cause: 'unexplained', reason: NO_EVENTS };
  const add = (cause: Cause, count: number, fromMs: number, toMs: number, pods: string[], action?: string) => {
    const key = `${cause.cause}|${action ?? ''}|${cause.reason ?? ''}`;
    const group = groups.get(key) ?? { ...cause, count: 0, fromMs, toMs, pods: [], ...(action ? { action } : {}) };
    group.count += count;
    group.fromMs = Math.min(group.fromMs, fromMs);
    group.toMs = Math.max(group.toMs, toMs);
    for (const pod of pods) if (!group.pods.includes(pod)) group.pods.push(pod);
    groups.set(key, group);
  };

  // Failures a pod header names: per bucket, so that a pod failing for two reasons (its own 5xx while serving,
  // then 502s after it exited) gets both. Within a bucket the pod's own failure window sharpens the times.
  const bucketMs = result.settings.bucketMs;
  for (const bucket of result.buckets) {
    for (const [pod, outcomes] of Object.entries(bucket.pods ?? {})) {
      const failed = Object.entries(outcomes).reduce((sum, [key, count]) => sum + (isFailure(key) ? count : 0), 0);
      if (failed === 0) continue;
      const totals = result.summary.pods?.[pod];
      const fromMs = Math.max(bucket.startMs, totals?.firstFailedMs ?? bucket.startMs);
      const toMs = Math.min(bucket.startMs + bucketMs, totals?.lastFailedMs ?? bucket.startMs + bucketMs);
      const endMs = Math.max(fromMs, toMs);
      add(
        noEvents ? unknown : causeForPod(lives.get(pod), fromMs, endMs),
        failed,
        fromMs,
        endMs,
        [pod],
        actionOfPod.get(pod),
      );
    }
  }

  // Failures no pod header names: per bucket, what the pod counts do not account for.
  const exits = result.timeline.filter((event) => event.type === 'pod-exited');
  for (const bucket of result.buckets) {
    const named: Record<string, number> = {};
    for (const outcomes of Object.values(bucket.pods ?? {})) {
      for (const [key, count] of Object.entries(outcomes)) named[key] = (named[key] ?? 0) + count;
    }
    for (const [key, outcome] of Object.entries(bucket.outcomes)) {
      const unnamed = outcome.count - (named[key] ?? 0);
      if (!isFailure(key) || unnamed <= 0) continue;
      const fromMs = bucket.startMs;
      const toMs = bucket.startMs + bucketMs;
      const action = result.actions.find(
        (item) => item.startedMs < toMs && (item.finishedMs ?? Number.POSITIVE_INFINITY) + ACTION_AFTERMATH_MS > fromMs,
      )?.id;
      if (noEvents) {
        add(unknown, unnamed, fromMs, toMs, [], action);
        continue;
      }
      if (key === '503') {
        add({ cause: 'no-endpoints' }, unnamed, fromMs, toMs, [], action);
        continue;
      }
      const exiting = exits.filter((event) => event.atMs >= fromMs - bucketMs && event.atMs < toMs + bucketMs);
      if (RESET_OUTCOMES.has(key) && exiting.length > 0) {
        add(
          { cause: 'reset-on-exit' },
          unnamed,
          fromMs,
          toMs,
          exiting.map((event) => event.pod ?? ''),
          action,
        );
      } else {
        add({ cause: 'unexplained' }, unnamed, fromMs, toMs, [], action);
      }
    }
  }
  const causes = [...groups.values()].sort((a, b) => b.count - a.count);
  return { failed: result.summary.failed, causes };
}
