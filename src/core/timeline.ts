/**
 * What happened during a run, in order, on the same clock as the load's buckets: `atMs` is milliseconds
 * since the load started (negative for events before it, e.g. the first replicas starting).
 */
export type TimelineEventType =
  | 'phase-started'
  | 'action-started'
  | 'action-finished'
  | 'pod-created'
  | 'pod-started'
  | 'pod-ready'
  | 'pod-not-ready'
  | 'pod-terminating'
  | 'prestop-started'
  | 'sigterm-sent'
  | 'pod-exited'
  | 'pod-killed'
  | 'endpoint-add-requested'
  | 'endpoint-added'
  | 'endpoint-remove-requested'
  | 'endpoint-removed'
  | 'node-cordoned'
  | 'node-uncordoned'
  | 'eviction-requested'
  | 'eviction-refused'
  | 'eviction-done';

export interface TimelineEvent {
  atMs: number;
  type: TimelineEventType;
  /** The pod (replica) concerned, if any. */
  pod?: string;
  /**
   * The action concerned (e.g. `rollout@5s`), the phase name for `phase-started`, or the node for `node-cordoned` /
   * `node-uncordoned`.
   */
  subject?: string;
  /** Free text for people: an exit code, a signal, a reason. */
  detail?: string;
}

/** Receives events as they happen; `atMs` here is the raw monotonic clock (performance.now()). */
export type TimelineSink = (event: TimelineEvent) => void;
