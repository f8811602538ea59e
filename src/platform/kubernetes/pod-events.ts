import type { V1Pod } from '@kubernetes/client-node';
import { serverTimeToClock, timeMs } from './client.js';
import { containerEnded } from './container-ended.js';
import type { TimelineEvent, TimelineEventType } from './types.js';
import type { Change } from './watch-resume.js';

/** What the timeline cares about in a pod. */
export interface PodState {
  ready: boolean;
  terminating: boolean;
  exited: boolean;
}

export function isPodReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false
  );
}

/** Every container has terminated, or the pod has reached a terminal phase. */
function hasExited(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((status) => status.state?.terminated !== undefined);
}

function podState(pod: V1Pod | undefined): PodState {
  if (pod === undefined) return { ready: false, terminating: true, exited: true };
  return { ready: isPodReady(pod), terminating: pod.metadata?.deletionTimestamp != null, exited: hasExited(pod) };
}

/** When the server says a transition happened (second resolution), epoch ms. */
function serverTimes(pod: V1Pod | undefined) {
  const ready = pod?.status?.conditions?.find((condition) => condition.type === 'Ready');
  const deletion = timeMs(pod?.metadata?.deletionTimestamp);
  const grace = pod?.metadata?.deletionGracePeriodSeconds ?? 0;
  const finished = (pod?.status?.containerStatuses ?? [])
    .map((status) => timeMs(status.state?.terminated?.finishedAt))
    .filter((ms): ms is number => ms !== undefined);
  return {
    created: timeMs(pod?.metadata?.creationTimestamp),
    ready: timeMs(ready?.lastTransitionTime),
    // The apiserver sets deletionTimestamp to request time + grace period.
    terminating: deletion === undefined ? undefined : deletion - grace * 1000,
    exited: finished.length > 0 ? Math.max(...finished) : undefined,
  };
}

function exitDetail(pod: V1Pod | undefined): string | undefined {
  const codes = (pod?.status?.containerStatuses ?? [])
    .map((status) => status.state?.terminated)
    .filter((terminated) => terminated !== undefined)
    .map(containerEnded);
  if (codes.length > 0) return codes.join(', ');
  return pod === undefined ? undefined : 'deleted';
}

/**
 * The timeline events of one pod change: created, ready / not ready, terminating, exited (the first of every
 * container terminated or the pod deleted). Watch events carry their arrival time (`source: client`); the state
 * found by the first list, and what a re-list finds changed, carry the server's timestamps (`source: server`)
 * where the object has one.
 */
export function podEvents(change: Change<V1Pod>): TimelineEvent[] {
  const { previous, current, origin } = change;
  const pod = current ?? previous;
  const before = previous === undefined ? undefined : podState(previous);
  const after = podState(current);
  const times = serverTimes(current ?? previous);
  const events: TimelineEvent[] = [];
  const add = (type: TimelineEventType, serverMs: number | undefined, detail?: string) => {
    const fromServer = origin !== 'watch' && serverMs !== undefined;
    events.push({
      atMs: fromServer ? serverTimeToClock(serverMs) : change.atMs,
      type,
      pod: pod?.metadata?.name ?? '',
      ...(pod?.metadata?.uid === undefined ? {} : { uid: pod.metadata.uid }),
      ...(pod?.spec?.nodeName === undefined ? {} : { node: pod.spec.nodeName }),
      ...(pod?.metadata?.labels?.['pod-template-hash'] === undefined
        ? {}
        : { revision: pod.metadata.labels['pod-template-hash'] }),
      ...(current?.status?.phase === undefined ? {} : { phase: current.status.phase }),
      ...(current === undefined ? {} : { conditions: { Ready: after.ready } }),
      ...(detail === undefined ? {} : { detail }),
      source: fromServer ? 'server' : 'client',
    });
  };
  if (before === undefined) add('pod-created', times.created);
  if (after.ready !== (before?.ready ?? false) && current !== undefined) {
    add(after.ready ? 'pod-ready' : 'pod-not-ready', times.ready);
  }
  if (after.terminating && !before?.terminating) add('pod-terminating', times.terminating);
  if (after.exited && !before?.exited) {
    add('pod-exited', current === undefined ? undefined : times.exited, exitDetail(current ?? previous));
  }
  return events;
}
