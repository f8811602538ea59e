/**
 * What happened during a run, in order, on the same clock as the load's buckets: `atMs` is milliseconds
 * since the load started (negative for events before it, e.g. the first replicas starting). A capacity run's
 * timeline counts from its first step's load; each step's buckets, from its own.
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
  /**
   * The endpoint is listed no more (kubernetes: it left every EndpointSlice of the Service, usually once its pod is
   * deleted), where `endpoint-removed` is the moment it stopped being ready.
   */
  | 'endpoint-gone'
  | 'node-cordoned'
  | 'node-uncordoned'
  | 'eviction-requested'
  | 'eviction-refused'
  | 'eviction-done'
  /** The desired replicas changed (a scale, an HorizontalPodAutoscaler): `detail` says from and to. */
  | 'replicas-changed'
  /** A rollout moved on (kubernetes: the Deployment's status, in `kubectl rollout status` words in `detail`). */
  | 'rollout-progress'
  /** Something the platform warns about that no other type fits (kubernetes: a Warning Event), in `detail`. */
  | 'platform-warning';

export interface TimelineEvent {
  atMs: number;
  type: TimelineEventType;
  /** The pod (replica) concerned, if any. */
  pod?: string;
  /** The action concerned (`rollout@5s`), on `action-started` / `action-finished`. */
  action?: string;
  /** The phase of the run that began (`warmup`, `steady`, `cooldown`, a capacity step), on `phase-started`. */
  runPhase?: string;
  /** The object concerned when it is not a pod, as `kind/name` (`deployment/web`, `hpa/web`). */
  object?: string;
  /** Free text for people: an exit code, a signal, a reason. */
  detail?: string;
  // Kubernetes-shaped fields, each optional: the local platform fills fewer of them.
  /** The pod's (or object's) uid: a pod re-created under the same name is another pod. */
  uid?: string;
  /** The node the pod is on. */
  node?: string;
  /** The pod's revision: its pod-template-hash, or the Deployment revision. */
  revision?: string;
  /** The pod's phase (Pending, Running, Succeeded, Failed). */
  phase?: string;
  /** Pod conditions as they stood with this event, e.g. `{ Ready: true }`. */
  conditions?: Record<string, boolean>;
  /** The EndpointSlice endpoint's conditions as they stood with this event. */
  endpoint?: { ready: boolean; serving: boolean; terminating: boolean };
  /**
   * Where `atMs` comes from: `client`, when the event reached rollbench (a watch event's arrival, or the local
   * platform seeing it happen; ms resolution); `server`, an object's timestamp (1 s resolution). Absent: client.
   */
  source?: 'client' | 'server';
}

/** Receives events as they happen; `atMs` here is the raw monotonic clock (performance.now()). */
export type TimelineSink = (event: TimelineEvent) => void;
