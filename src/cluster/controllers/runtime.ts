import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { type ResourceType, storageKey } from '../api/resource-type.js';
import { ApiError } from '../api/status.js';
import type { ObjectStore, StoredEvent } from '../api/store.js';

/**
 * A control loop in the manner of kube-controller-manager: it hears every write, turns the ones it cares about
 * into keys of the objects it owns (`namespace/name`), and reconciles each key until the world matches it.
 * Reconciling reads and writes through the registry, so a write that changes nothing is not a write, and loops
 * settle by themselves.
 */
export interface Controller {
  name: string;
  /** The keys a write concerns (the object itself, or its owner). */
  keysFor(event: StoredEvent): string[];
  /** Every key that exists now: reconciled once when the controller starts. */
  initialKeys(): string[];
  /** Brings one key in line; returns milliseconds after which to look again when time itself matters. */
  reconcile(key: string): number | undefined;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function keyOf(object: { metadata: { namespace?: string; name: string } }): string {
  return object.metadata.namespace === undefined
    ? object.metadata.name
    : `${object.metadata.namespace}/${object.metadata.name}`;
}

/** The object a key names, or undefined once it is gone. */
export function lookup(registry: Registry, type: ResourceType, key: string): KubeObject | undefined {
  const { namespace, name } = splitKey(key);
  return registry.store.get(type, namespace, name);
}

/** The key of a written object of `type` that still exists: what a controller of that kind reconciles. */
export function ownKey(event: StoredEvent, type: ResourceType): string[] {
  return event.resource === storageKey(type) && event.type !== 'DELETED' ? [keyOf(event.object)] : [];
}

/** A conflicting write lost a race: look again soon, as a work queue's rate-limited requeue would. */
const conflictRetryMs = 10;

/** Runs controllers on the store's writes; `stop` ends them and their timers. */
export function runControllers(
  store: ObjectStore,
  controllers: Controller[],
  logError: (message: string) => void,
): { stop(): void } {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const queues = controllers.map((controller) => {
    const pending = new Set<string>();
    let scheduled = false;
    const later = (key: string, delayMs: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        enqueue(key);
      }, delayMs);
      timers.add(timer);
    };
    const drain = () => {
      scheduled = false;
      const keys = [...pending];
      pending.clear();
      for (const key of keys) {
        if (stopped) return;
        try {
          const againMs = controller.reconcile(key);
          if (againMs !== undefined) later(key, Math.max(0, againMs));
        } catch (error) {
          if (error instanceof ApiError && (error.reason === 'Conflict' || error.reason === 'NotFound')) {
            later(key, conflictRetryMs);
          } else {
            logError(`${controller.name} ${key}: ${error instanceof Error ? error.message : String(error)}`);
            later(key, 1000);
          }
        }
      }
    };
    const enqueue = (key: string) => {
      if (stopped) return;
      pending.add(key);
      if (!scheduled) {
        scheduled = true;
        // After the current request has written everything it will, like an informer's batch.
        setImmediate(drain);
      }
    };
    return { controller, enqueue };
  });
  const unsubscribe = store.subscribe((event) => {
    for (const { controller, enqueue } of queues) for (const key of controller.keysFor(event)) enqueue(key);
  });
  for (const { controller, enqueue } of queues) for (const key of controller.initialKeys()) enqueue(key);
  return {
    stop() {
      stopped = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
