import { type KubeObject, kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { isSchedulable, nodes } from '../resources/nodes.js';
import { pods } from '../resources/pods.js';
import { recordEvent } from './events.js';
import { type Controller, keyOf, lookup, splitKey } from './runtime.js';

// biome-ignore lint/suspicious/noExplicitAny: pod conditions are open JSON.
type Json = any;

function isReadyNode(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some(
    (condition: Json) => condition.type === 'Ready' && condition.status === 'True',
  );
}

function withCondition(pod: KubeObject, condition: Record<string, unknown>): void {
  const others = (pod.status?.conditions ?? []).filter((existing: Json) => existing.type !== condition.type);
  pod.status = { ...pod.status, conditions: [...others, condition] };
}

/**
 * The scheduler: binds each pod that has no node to the next Ready, uncordoned node in turn (round-robin), and
 * says so with `PodScheduled` and a `Scheduled` event; with no node to take it, the pod stays Pending with
 * `PodScheduled=False` (`Unschedulable`) and a `FailedScheduling` event until a node frees up.
 */
export function scheduler(registry: Registry): Controller {
  let next = 0;
  const unscheduled = () =>
    registry
      .list(pods)
      .filter((pod) => pod.spec?.nodeName === undefined && pod.metadata.deletionTimestamp === undefined)
      .map(keyOf);
  return {
    name: 'scheduler',
    initialKeys: unscheduled,
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(nodes)) return unscheduled();
      if (event.resource !== storageKey(pods) || event.type === 'DELETED') return [];
      return event.object.spec?.nodeName === undefined ? [keyOf(event.object)] : [];
    },
    reconcile(key) {
      const pod = lookup(registry, pods, key);
      const { namespace, name } = splitKey(key);
      if (pod === undefined || pod.spec?.nodeName !== undefined || pod.metadata.deletionTimestamp !== undefined)
        return undefined;
      const all = registry.list(nodes);
      const candidates = all.filter((node) => isSchedulable(node) && isReadyNode(node));
      const now = kubeTime(registry.nowMs());
      const node = candidates[next++ % Math.max(1, candidates.length)];
      if (node === undefined) {
        const message = `0/${all.length} nodes are available: ${all.length} node(s) were unschedulable.`;
        const failed = registry.mutate(
          pods,
          namespace,
          name,
          (current) => {
            const existing = (current.status?.conditions ?? []).find((c: Json) => c.type === 'PodScheduled');
            if (existing?.message === message) return;
            withCondition(current, {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message,
              lastProbeTime: null,
              lastTransitionTime: now,
            });
          },
          'status',
        );
        recordEvent(registry, failed, 'Warning', 'FailedScheduling', message, 'default-scheduler');
        return undefined;
      }
      const bound = registry.mutate(pods, namespace, name, (current) => {
        current.spec.nodeName = node.metadata.name;
      });
      registry.mutate(
        pods,
        namespace,
        name,
        (current) =>
          withCondition(current, {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: now,
          }),
        'status',
      );
      recordEvent(
        registry,
        bound,
        'Normal',
        'Scheduled',
        `Successfully assigned ${namespace}/${name} to ${node.metadata.name}`,
        'default-scheduler',
      );
      return undefined;
    },
  };
}
