import { type IntOrPercent, scaleIntOrPercent } from './rolling-update.js';

/** A PodDisruptionBudget's spec: exactly one of the two, a pod count or a percentage of the desired replicas. */
export type DisruptionBudget = { minAvailable: IntOrPercent } | { maxUnavailable: IntOrPercent };

/** `minAvailable 2`, `maxUnavailable 25%`: the budget as written, for messages. */
export function describeBudget(budget: DisruptionBudget): string {
  return 'minAvailable' in budget ? `minAvailable ${budget.minAvailable}` : `maxUnavailable ${budget.maxUnavailable}`;
}

/**
 * The healthy pods the budget demands, as the disruption controller computes `status.desiredHealthy`
 * (`pkg/controller/disruption/disruption.go`, `getExpectedPodCount`): a percentage is scaled against the expected
 * pods (the Deployment's replicas) rounding UP for both fields, so with 3 replicas minAvailable 50% needs 2 and
 * maxUnavailable 50% lets 2 go (needs 1). Never below 0.
 */
export function desiredHealthy(budget: DisruptionBudget, expectedPods: number): number {
  if ('minAvailable' in budget) return scaleIntOrPercent(budget.minAvailable, expectedPods, true);
  return Math.max(0, expectedPods - scaleIntOrPercent(budget.maxUnavailable, expectedPods, true));
}

/**
 * `status.disruptionsAllowed` (`updatePdbStatus`): healthy pods above the demand; 0 when there are none, or when
 * no pod is expected at all.
 */
export function disruptionsAllowed(budget: DisruptionBudget, expectedPods: number, currentHealthy: number): number {
  const allowed = currentHealthy - desiredHealthy(budget, expectedPods);
  return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
}

export type EvictionVerdict = { allowed: true } | { allowed: false; reason: string };

/** What the API server answers with its 429 (`checkAndDecrement` in `pkg/registry/core/pod/storage/eviction.go`). */
export const EVICTION_REFUSED =
  "429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget";

/**
 * Whether the Eviction API lets a running pod go (`pkg/registry/core/pod/storage/eviction.go`). Without a budget,
 * always. `currentHealthy` counts ready pods that are not terminating: pods already on their way out or not ready
 * count as disrupted. A ready pod may go while `disruptionsAllowed` > 0; an unready one also while the budget is
 * met (`currentHealthy ≥ desiredHealthy > 0`, the default `IfHealthyBudget` policy), since removing it disrupts
 * nothing more.
 */
export function checkEviction(
  budget: DisruptionBudget | undefined,
  pod: { ready: boolean },
  expectedPods: number,
  currentHealthy: number,
): EvictionVerdict {
  if (budget === undefined) return { allowed: true };
  const desired = desiredHealthy(budget, expectedPods);
  if (!pod.ready && desired > 0 && currentHealthy >= desired) return { allowed: true };
  if (disruptionsAllowed(budget, expectedPods, currentHealthy) > 0) return { allowed: true };
  return {
    allowed: false,
    reason: `${EVICTION_REFUSED} (${describeBudget(budget)} needs ${desired} healthy pods and has ${currentHealthy} currently)`,
  };
}
