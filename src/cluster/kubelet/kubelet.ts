import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { type Controller, keyOf, lookup, splitKey } from '../controllers/runtime.js';
import { pods } from '../resources/pods.js';
import { allocateHostPorts, hostPortsAnnotation, hostPortsText } from './pod-ports.js';
import { PodWorker } from './pod-worker.js';
import type { RunningContainer } from './resource-usage.js';

export interface Kubelet {
  controller: Controller;
  /** Every container process running now, across all pods. */
  runningContainers(): RunningContainer[];
  /** SIGKILLs every pod's processes; resolves once they are gone. */
  close(): Promise<void>;
}

/**
 * The kubelet of every node (they all share this machine): it runs the pods bound to a node as local processes,
 * one worker per pod, and stops them when they are deleted. A pod deleted before its worker started is left to
 * the unstarted-pod finalizer.
 */
export interface KubeletSettings {
  /** Where pod logs go. */
  dataDir: string;
  /** The CPU priority of every pod's processes (Linux nice; see `cpu-nice.ts`). */
  podNice: number;
}

export function kubelet(registry: Registry, settings: KubeletSettings, logError: (message: string) => void): Kubelet {
  const { dataDir, podNice } = settings;
  const workers = new Map<string, PodWorker>();
  const starting = new Set<string>();
  let closed = false;

  const start = async (key: string, uid: string | undefined) => {
    const pod = lookup(registry, pods, key);
    if (pod === undefined || pod.metadata.uid !== uid) return;
    const hostPorts = await allocateHostPorts(pod);
    const { namespace, name } = splitKey(key);
    const current = lookup(registry, pods, key);
    if (closed || current === undefined || current.metadata.uid !== uid || current.metadata.deletionTimestamp) return;
    const annotated = registry.mutate(pods, namespace, name, (object) => {
      object.metadata.annotations = { ...object.metadata.annotations, [hostPortsAnnotation]: hostPortsText(hostPorts) };
    });
    const worker = new PodWorker(annotated, { registry, dataDir, hostPorts, nice: podNice });
    workers.set(key, worker);
    worker.start(annotated);
  };

  const controller: Controller = {
    name: 'kubelet',
    initialKeys: () =>
      registry
        .list(pods)
        .filter((pod) => pod.spec?.nodeName !== undefined)
        .map(keyOf),
    keysFor: (event: StoredEvent) =>
      event.resource === storageKey(pods) && event.object.spec?.nodeName !== undefined ? [keyOf(event.object)] : [],
    reconcile(key) {
      const pod = lookup(registry, pods, key);
      const worker = workers.get(key);
      if (worker !== undefined && (pod === undefined || pod.metadata.uid !== worker.uid)) {
        // Removed (or replaced) without waiting for us: a force delete. Nothing of it may keep running.
        workers.delete(key);
        void worker.kill();
      }
      if (closed || pod === undefined || pod.spec?.nodeName === undefined) return undefined;
      const current = workers.get(key);
      if (current !== undefined) {
        if (pod.metadata.deletionTimestamp !== undefined) {
          current.terminate(pod).then(
            () => workers.get(key) === current && workers.delete(key),
            (error: unknown) => logError(`kubelet ${key}: ${error instanceof Error ? error.message : String(error)}`),
          );
        }
        return undefined;
      }
      const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      if (pod.metadata.deletionTimestamp !== undefined || finished || starting.has(key)) return undefined;
      starting.add(key);
      start(key, pod.metadata.uid)
        .catch((error: unknown) =>
          logError(`kubelet ${key}: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => starting.delete(key));
      return undefined;
    },
  };

  return {
    controller,
    runningContainers: () => [...workers.values()].flatMap((worker) => worker.runningContainers()),
    async close() {
      closed = true;
      await Promise.all([...workers.values()].map((worker) => worker.kill()));
      workers.clear();
    },
  };
}
