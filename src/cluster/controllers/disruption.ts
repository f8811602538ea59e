import { type DisruptionBudget, desiredHealthy, disruptionsAllowed } from '../../core/disruption-budget.js';
import type { IntOrPercent } from '../../core/rolling-update.js';
import { controllerOf, type KubeObject, kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { deployments } from '../resources/deployments.js';
import { budgetsFor, podDisruptionBudgets } from '../resources/pod-disruption-budgets.js';
import { isPodReady, pods } from '../resources/pods.js';
import { replicaSets } from '../resources/replica-sets.js';
import { type Controller, keyOf, lookup, ownKey, splitKey } from './runtime.js';

/** An eviction's entry in `disruptedPods` lapses after this long if the pod is still there (`DeletionTimeout`). */
const disruptedPodTimeoutMs = 120_000;

function budgetOf(pdb: KubeObject): DisruptionBudget {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  return maxUnavailable !== undefined
    ? { maxUnavailable: maxUnavailable as IntOrPercent }
    : { minAvailable: (minAvailable ?? 1) as IntOrPercent };
}

/**
 * `getExpectedPodCount`: a plain `minAvailable` count is measured against the pods there are; a percentage or a
 * `maxUnavailable` against the scale of the pods' controllers (a ReplicaSet's Deployment, else the ReplicaSet).
 */
function expectedPods(registry: Registry, pdb: KubeObject, selected: KubeObject[]): number {
  const { minAvailable } = pdb.spec ?? {};
  if (pdb.spec?.maxUnavailable === undefined && typeof minAvailable !== 'string') return selected.length;
  const namespace = pdb.metadata.namespace;
  const scales = new Map<string, number>();
  for (const pod of selected) {
    const owner = controllerOf(pod);
    if (owner?.kind !== 'ReplicaSet') continue;
    const replicaSet = registry.list(replicaSets, namespace).find((rs) => rs.metadata.uid === owner.uid);
    if (replicaSet === undefined) continue;
    const rsOwner = controllerOf(replicaSet);
    const deployment =
      rsOwner?.kind === 'Deployment'
        ? registry.list(deployments, namespace).find((d) => d.metadata.uid === rsOwner.uid)
        : undefined;
    const scaled = deployment ?? replicaSet;
    scales.set(scaled.metadata.uid, scaled.spec?.replicas ?? 0);
  }
  return [...scales.values()].reduce((sum, replicas) => sum + replicas, 0);
}

/**
 * The disruption controller: each PodDisruptionBudget's status — expected, healthy (Ready, not terminating, not
 * just evicted) and desired pods, how many disruptions are allowed now, and the `DisruptionAllowed` condition.
 */
export function disruptionController(registry: Registry): Controller {
  return {
    name: 'disruption-controller',
    initialKeys: () => registry.list(podDisruptionBudgets).map(keyOf),
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(podDisruptionBudgets)) return ownKey(event, podDisruptionBudgets);
      const budgets = () => registry.list(podDisruptionBudgets, event.object.metadata.namespace);
      if (event.resource === storageKey(pods)) return budgetsFor(event.object, budgets()).map(keyOf);
      if (event.resource === storageKey(deployments) || event.resource === storageKey(replicaSets))
        return budgets().map(keyOf);
      return [];
    },
    reconcile(key) {
      const pdb = lookup(registry, podDisruptionBudgets, key);
      const { namespace, name } = splitKey(key);
      if (pdb === undefined) return undefined;
      const nowMs = registry.nowMs();
      const selected = registry.list(pods, namespace).filter((pod) => budgetsFor(pod, [pdb]).length > 0);
      const disrupted: Record<string, string> = {};
      for (const [podName, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
        const pod = selected.find((candidate) => candidate.metadata.name === podName);
        if (
          pod !== undefined &&
          pod.metadata.deletionTimestamp === undefined &&
          Date.parse(at) + disruptedPodTimeoutMs > nowMs
        ) {
          disrupted[podName] = at;
        }
      }
      const healthy = selected.filter(
        (pod) =>
          pod.metadata.deletionTimestamp === undefined && isPodReady(pod) && disrupted[pod.metadata.name] === undefined,
      ).length;
      const budget = budgetOf(pdb);
      const expected = expectedPods(registry, pdb, selected);
      const allowed = disruptionsAllowed(budget, expected, healthy);
      const previous = (pdb.status?.conditions ?? []).find((c: { type: string }) => c.type === 'DisruptionAllowed');
      const value = allowed > 0 ? 'True' : 'False';
      const status = {
        ...(Object.keys(disrupted).length === 0 ? {} : { disruptedPods: disrupted }),
        disruptionsAllowed: allowed,
        currentHealthy: healthy,
        desiredHealthy: desiredHealthy(budget, expected),
        expectedPods: expected,
        observedGeneration: pdb.metadata.generation,
        // A metav1.Condition: the transition time moves only when the status flips.
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: value,
            observedGeneration: pdb.metadata.generation,
            lastTransitionTime: previous?.status === value ? previous.lastTransitionTime : kubeTime(nowMs),
            reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
            message: '',
          },
        ],
      };
      registry.mutate(
        podDisruptionBudgets,
        namespace,
        name,
        (current) => {
          current.status = status;
        },
        'status',
      );
      const lapses = Object.values(disrupted).map((at) => Date.parse(at) + disruptedPodTimeoutMs - nowMs);
      return lapses.length === 0 ? undefined : Math.min(...lapses);
    },
  };
}
