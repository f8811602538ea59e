import type { RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';

/**
 * How long before rollbench records an event the change it reports may have happened, for events a client saw: a
 * watch event arrives after the API server stored the change, and the kubelet, which watches too, may already have
 * acted on it (on the embedded cluster under load, failures began up to ~120 ms before the pod's deletion arrived and
 * ~450 ms before its exit did). A server timestamp (1 s resolution, truncated) is never later than the change.
 */
const OBSERVATION_LAG_MS = 500;

/**
 * The moments of a pod's life that explain failures, each the earliest it may have happened, so that a failure that
 * reached the pod after it (on the pod's clock) is never taken for one before it (on rollbench's).
 */
export interface PodLife {
  /** Became ready, as recorded. */
  readyAtMs?: number;
  /** Its termination began: deleted, evicted, or its endpoint marked terminating, whichever was recorded first. */
  terminatingAtMs?: number;
  /** Got SIGTERM: recorded, or, when the workload has no preStop hook, as its termination began (the kubelet's order). */
  sigtermAtMs?: number;
  /** Its containers had exited. */
  exitedAtMs?: number;
}

/** Termination has begun: the local platform's or the kubelet's steps, or the EndpointSlice marking it terminating. */
function isTerminationStart(event: TimelineEvent): boolean {
  if (event.type === 'endpoint-removed') return event.endpoint?.terminating === true;
  return event.type === 'pod-terminating' || event.type === 'endpoint-remove-requested';
}

/** Whether every container of the workload as run has no preStop hook; unknown without the workload settings. */
function withoutPreStop(result: RunResult): boolean {
  return result.workload?.before.containers.every((container) => container.preStop === undefined) ?? false;
}

/**
 * Each pod's life from the timeline, by pod name. A failure's recorded time is its intended send time, and the send
 * may have been late by up to the run's latest late send: that is allowed for too.
 */
export function podLives(result: RunResult): Map<string, PodLife> {
  const lateMs = result.summary.lateSends.maxMs;
  const earliest = (event: TimelineEvent) => event.atMs - lateMs - (event.source === 'server' ? 0 : OBSERVATION_LAG_MS);
  const first = (known: number | undefined, atMs: number) => Math.min(known ?? atMs, atMs);
  const lives = new Map<string, PodLife>();
  for (const event of result.timeline) {
    if (event.pod === undefined) continue;
    const life = lives.get(event.pod) ?? {};
    if (event.type === 'pod-ready') life.readyAtMs ??= event.atMs;
    if (isTerminationStart(event)) life.terminatingAtMs = first(life.terminatingAtMs, earliest(event));
    if (event.type === 'sigterm-sent') life.sigtermAtMs = first(life.sigtermAtMs, earliest(event));
    if (event.type === 'pod-exited') life.exitedAtMs = first(life.exitedAtMs, earliest(event));
    lives.set(event.pod, life);
  }
  if (withoutPreStop(result)) {
    for (const life of lives.values()) {
      if (life.terminatingAtMs !== undefined) life.sigtermAtMs = first(life.sigtermAtMs, life.terminatingAtMs);
    }
  }
  return lives;
}
