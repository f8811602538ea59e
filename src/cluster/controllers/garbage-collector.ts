import type { Registry } from '../api/registry.js';
import type { ResourceType } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { type Controller, splitKey } from './runtime.js';

/**
 * The garbage collector, for background deletion (kubectl's default): when an object goes, whatever it owned goes
 * too — a Deployment's ReplicaSets, their pods, a Service's EndpointSlices — unless another owner is still there.
 */
export function garbageCollector(registry: Registry, dependents: ResourceType[]): Controller {
  return {
    name: 'garbage-collector',
    initialKeys: () => [],
    // Keyed by the deleted owner's uid: `<namespace>/<uid>`.
    keysFor: (event: StoredEvent) =>
      event.type === 'DELETED' && event.object.metadata.namespace !== undefined
        ? [`${event.object.metadata.namespace}/${event.object.metadata.uid}`]
        : [],
    reconcile(key) {
      const { namespace, name: uid } = splitKey(key);
      const alive = new Set(
        registry.types.flatMap((type) => registry.list(type, namespace).map((object) => object.metadata.uid)),
      );
      for (const type of dependents) {
        for (const object of registry.list(type, namespace)) {
          const owners = object.metadata.ownerReferences ?? [];
          if (!owners.some((owner) => owner.uid === uid) || owners.some((owner) => alive.has(owner.uid))) continue;
          if (object.metadata.deletionTimestamp === undefined) registry.delete(type, namespace, object.metadata.name);
        }
      }
      return undefined;
    },
  };
}
