import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import { labelSelectorMatcher } from '../api/selectors.js';
import type { StoredEvent } from '../api/store.js';
import { isPodActive, isPodAvailable, isPodReady, pods, readySinceMs } from '../resources/pods.js';
import { replicaSets } from '../resources/replica-sets.js';
import { recordEvent } from './events.js';
import { controllerReference, isControlledBy, ownerKey } from './owners.js';
import { deletionOrder } from './pod-ranking.js';
import { type Controller, keyOf, lookup, ownKey, splitKey } from './runtime.js';

/** At most this many pods created per sync (`BurstReplicas`). */
const burstReplicas = 500;
const component = 'replicaset-controller';

function newPod(replicaSet: KubeObject): Record<string, unknown> {
  const template = replicaSet.spec.template ?? {};
  return {
    metadata: {
      generateName: `${replicaSet.metadata.name}-`,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [controllerReference(replicaSet, replicaSets)],
    },
    spec: structuredClone(template.spec),
  };
}

/** `calculateStatus` of the ReplicaSet controller, over the active pods it saw before creating or deleting any. */
function statusOf(replicaSet: KubeObject, active: KubeObject[], nowMs: number): Record<string, unknown> {
  const minReadySeconds = replicaSet.spec.minReadySeconds ?? 0;
  const templateLabels = labelSelectorMatcher({ matchLabels: replicaSet.spec.template?.metadata?.labels ?? {} });
  const counts = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((pod) => templateLabels(pod.metadata.labels)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((pod) => isPodAvailable(pod, minReadySeconds, nowMs)).length,
  };
  // Zero counts are left out, as Go's `omitempty` writes them; `replicas` is always there.
  const present = Object.fromEntries(
    Object.entries(counts).filter(([name, value]) => value > 0 || name === 'replicas'),
  );
  return { ...present, observedGeneration: replicaSet.metadata.generation };
}

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods made from the template (creating them with an owner
 * reference, deleting the least valuable first), adopts matching orphans, and writes the counts to the status.
 */
export function replicaSetController(registry: Registry): Controller {
  return {
    name: 'replicaset-controller',
    initialKeys: () => registry.list(replicaSets).map(keyOf),
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(replicaSets)) return ownKey(event, replicaSets);
      if (event.resource === storageKey(pods)) return ownerKey(event.object, 'ReplicaSet');
      return [];
    },
    reconcile(key) {
      const replicaSet = lookup(registry, replicaSets, key);
      const { namespace, name } = splitKey(key);
      if (replicaSet === undefined) return undefined;
      const selector = labelSelectorMatcher(replicaSet.spec.selector);
      const inNamespace = registry.list(pods, namespace);
      for (const orphan of inNamespace.filter(
        (pod) =>
          isPodActive(pod) && !pod.metadata.ownerReferences?.some((o) => o.controller) && selector(pod.metadata.labels),
      )) {
        registry.mutate(pods, namespace, orphan.metadata.name, (pod) => {
          pod.metadata.ownerReferences = [
            ...(pod.metadata.ownerReferences ?? []),
            controllerReference(replicaSet, replicaSets),
          ];
        });
      }
      const active = registry
        .list(pods, namespace)
        .filter((pod) => isControlledBy(pod, replicaSet) && isPodActive(pod));
      const nowMs = registry.nowMs();
      if (replicaSet.metadata.deletionTimestamp === undefined) {
        const diff = active.length - (replicaSet.spec.replicas ?? 1);
        for (let index = 0; index < Math.min(-diff, burstReplicas); index++) {
          const created = registry.create(pods, namespace, newPod(replicaSet));
          recordEvent(
            registry,
            replicaSet,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${created.metadata.name}`,
            component,
          );
        }
        for (const pod of [...active].sort(deletionOrder).slice(0, Math.max(0, diff))) {
          registry.delete(pods, namespace, pod.metadata.name);
          recordEvent(
            registry,
            replicaSet,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${pod.metadata.name}`,
            component,
          );
        }
      }
      const status = statusOf(replicaSet, active, nowMs);
      // An unchanged status is no write (the registry compares), so this settles.
      registry.mutate(
        replicaSets,
        namespace,
        name,
        (current) => {
          const conditions = current.status?.conditions;
          current.status = { ...status, ...(conditions === undefined ? {} : { conditions }) };
        },
        'status',
      );
      // A pod that is ready but not yet for minReadySeconds becomes available with no write to wake us: look again then.
      const minReadyMs = (replicaSet.spec.minReadySeconds ?? 0) * 1000;
      const waits = active
        .map((pod) => readySinceMs(pod))
        .filter((since): since is number => since !== undefined && since + minReadyMs > nowMs)
        .map((since) => since + minReadyMs - nowMs + 1);
      return waits.length === 0 ? undefined : Math.min(...waits);
    },
  };
}
