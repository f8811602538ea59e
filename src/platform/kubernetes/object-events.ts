import type { CoreV1Event, V1Deployment, V1Node, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { serverTimeToClock, timeMs } from './client.js';
import type { TimelineEvent, TimelineEventType } from './types.js';
import type { Change } from './watch-resume.js';

/** `node-cordoned` / `node-uncordoned` when `spec.unschedulable` flips (the first list only records the state). */
export function nodeEvents(change: Change<V1Node>): TimelineEvent[] {
  const { previous, current } = change;
  if (change.origin === 'initial' || current === undefined) return [];
  const was = previous?.spec?.unschedulable === true;
  const is = current.spec?.unschedulable === true;
  if (was === is) return [];
  const node = current.metadata?.name ?? '';
  return [{ atMs: change.atMs, type: is ? 'node-cordoned' : 'node-uncordoned', node, source: 'client' }];
}

const revisionOf = (deployment: V1Deployment | undefined) =>
  deployment?.metadata?.annotations?.['deployment.kubernetes.io/revision'];
const progressingOf = (deployment: V1Deployment | undefined) =>
  deployment?.status?.conditions?.find((condition) => condition.type === 'Progressing');

/**
 * The Deployment's own steps: `replicas-changed` when spec.replicas changes (a scale, an HPA), `rollout-progress`
 * when its revision changes or its Progressing condition takes a new reason (NewReplicaSetAvailable = complete,
 * ProgressDeadlineExceeded = failed).
 */
export function deploymentEvents(change: Change<V1Deployment>): TimelineEvent[] {
  const { previous, current } = change;
  if (change.origin === 'initial' || current === undefined) return [];
  const object = `deployment/${current.metadata?.name ?? ''}`;
  const events: TimelineEvent[] = [];
  const add = (type: TimelineEventType, detail: string) =>
    events.push({
      atMs: change.atMs,
      type,
      object,
      ...(revisionOf(current) === undefined ? {} : { revision: revisionOf(current) }),
      detail,
      source: 'client',
    });
  const replicasBefore = previous?.spec?.replicas;
  const replicas = current.spec?.replicas;
  if (replicasBefore !== replicas) add('replicas-changed', `${replicasBefore ?? '?'} → ${replicas ?? '?'}`);
  if (revisionOf(previous) !== revisionOf(current)) add('rollout-progress', `revision ${revisionOf(current)}`);
  const progressing = progressingOf(current);
  if (progressing?.reason !== undefined && progressing.reason !== progressingOf(previous)?.reason) {
    add('rollout-progress', progressing.message ? `${progressing.reason}: ${progressing.message}` : progressing.reason);
  }
  return events;
}

/** `replicas-changed` when an HPA decides on another replica count. */
export function autoscalerEvents(change: Change<V2HorizontalPodAutoscaler>): TimelineEvent[] {
  const { previous, current } = change;
  if (change.origin === 'initial' || current === undefined) return [];
  const before = previous?.status?.desiredReplicas;
  const after = current.status?.desiredReplicas;
  if (before === after) return [];
  const object = `hpa/${current.metadata?.name ?? ''}`;
  return [{ atMs: change.atMs, type: 'replicas-changed', object, detail: `${before} → ${after}`, source: 'client' }];
}

/** The closest timeline type of an Event's reason; `platform-warning` for other warnings, nothing for the rest. */
function eventType(event: CoreV1Event, hasPreStop: boolean): TimelineEventType | undefined {
  switch (event.reason) {
    case 'Killing':
      // The kubelet records Killing as it begins stopping a container: the preStop hook runs first, if there is one.
      return hasPreStop ? 'prestop-started' : 'sigterm-sent';
    case 'Started':
      return 'pod-started';
    case 'EvictionBlocked':
    case 'FailedEviction':
      return 'eviction-refused';
    case 'SuccessfulRescale':
      return 'replicas-changed';
    case 'ScalingReplicaSet':
      return 'rollout-progress';
    default:
      return event.type === 'Warning' ? 'platform-warning' : undefined;
  }
}

const occurrences = (event: CoreV1Event | undefined) => event?.count ?? event?.series?.count ?? 1;

/**
 * A new occurrence of a core/v1 Event (a new object, or its `count` going up), as the closest timeline type with
 * `detail` = reason: message. Events that were there before observing began are not reported.
 */
export function clusterEvents(change: Change<CoreV1Event>, hasPreStop: (pod: string) => boolean): TimelineEvent[] {
  const { previous, current } = change;
  if (change.origin === 'initial' || current === undefined) return [];
  if (previous !== undefined && occurrences(current) <= occurrences(previous)) return [];
  const involved = current.involvedObject;
  const isPod = involved.kind === 'Pod';
  const type = eventType(current, isPod && hasPreStop(involved.name ?? ''));
  if (type === undefined) return [];
  const serverMs = timeMs(current.lastTimestamp) ?? timeMs(current.eventTime);
  const fromServer = change.origin === 'relist' && serverMs !== undefined;
  return [
    {
      atMs: fromServer ? serverTimeToClock(serverMs) : change.atMs,
      type,
      ...(isPod ? { pod: involved.name ?? '' } : { object: `${involved.kind?.toLowerCase()}/${involved.name}` }),
      ...(involved.uid === undefined ? {} : { uid: involved.uid }),
      detail: current.message ? `${current.reason}: ${current.message}` : (current.reason ?? ''),
      source: fromServer ? 'server' : 'client',
    },
  ];
}
