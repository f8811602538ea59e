import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { namespaces } from '../resources/namespaces.js';
import { type Controller, lookup } from './runtime.js';

/**
 * The namespace controller: a terminating namespace has everything in it deleted (pods gracefully, so a running
 * pod holds the namespace until its kubelet has stopped it); once it is empty, its `kubernetes` finalizer is
 * cleared and the namespace goes.
 */
export function namespaceController(registry: Registry): Controller {
  const terminating = () =>
    registry
      .list(namespaces)
      .filter((namespace) => namespace.metadata.deletionTimestamp !== undefined)
      .map((namespace) => namespace.metadata.name);
  return {
    name: 'namespace-controller',
    initialKeys: terminating,
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(namespaces)) {
        return event.type !== 'DELETED' && event.object.metadata.deletionTimestamp !== undefined
          ? [event.object.metadata.name]
          : [];
      }
      const home = event.object.metadata.namespace;
      return event.type === 'DELETED' && home !== undefined && terminating().includes(home) ? [home] : [];
    },
    reconcile(key) {
      const namespace = lookup(registry, namespaces, key);
      if (namespace?.metadata.deletionTimestamp === undefined) return undefined;
      let remaining = 0;
      // Owners before what they own (the registry lists pods before workloads), so no ReplicaSet replaces its pods.
      for (const type of registry.types.filter((candidate) => candidate.namespaced).reverse()) {
        for (const object of registry.list(type, key)) {
          remaining += 1;
          if (object.metadata.deletionTimestamp === undefined) registry.delete(type, key, object.metadata.name);
        }
      }
      if (remaining > 0) return undefined;
      registry.mutate(namespaces, undefined, key, (current) => {
        current.spec = { ...current.spec, finalizers: [] };
      });
      registry.delete(namespaces, undefined, key);
      return undefined;
    },
  };
}
