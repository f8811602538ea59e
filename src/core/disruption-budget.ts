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
