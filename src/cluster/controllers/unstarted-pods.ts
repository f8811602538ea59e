import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { pods } from '../resources/pods.js';
import { type Controller, keyOf, lookup, splitKey } from './runtime.js';

/** Whether any container of the pod ever ran: a kubelet has something to stop only then. */
function everStarted(pod: KubeObject): boolean {
  return (pod.status?.containerStatuses ?? []).some(
    (status: { state?: Record<string, unknown>; lastState?: Record<string, unknown> }) =>
      status.state?.running !== undefined ||
      status.state?.terminated !== undefined ||
      status.lastState?.terminated !== undefined,
  );
}

/**
 * Finishes deleting a terminating pod none of whose containers ever started, as a kubelet does when there is
 * nothing to stop (it deletes the object with grace 0). The kubelet finishes the pods it started; this covers
 * those it never did (deleted before their containers started, an image it cannot run), and every pod of a
 * cluster that does not run pods.
 */
export function unstartedPodFinalizer(registry: Registry): Controller {
  return {
    name: 'unstarted-pod-finalizer',
    initialKeys: () =>
      registry
        .list(pods)
        .filter((pod) => pod.metadata.deletionTimestamp !== undefined)
        .map(keyOf),
    keysFor(event: StoredEvent) {
      const { object } = event;
      const terminating = event.type !== 'DELETED' && object.metadata.deletionTimestamp !== undefined;
      return event.resource === storageKey(pods) && terminating && !everStarted(object) ? [keyOf(object)] : [];
    },
    reconcile(key) {
      const pod = lookup(registry, pods, key);
      const { namespace, name } = splitKey(key);
      if (pod === undefined || pod.metadata.deletionTimestamp === undefined || everStarted(pod)) return undefined;
      registry.delete(pods, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      return undefined;
    },
  };
}
