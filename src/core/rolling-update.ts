/** A count of pods, or a percentage of the desired replicas written `"25%"`, as in a Deployment's strategy. */
export type IntOrPercent = number | `${number}%`;

export interface RollingUpdate {
  /** Pods that may exist above the desired replicas during a rollout. */
  maxSurge: IntOrPercent;
  /** Pods that may be unavailable (not ready) during a rollout. */
  maxUnavailable: IntOrPercent;
}

/** A rolling update resolved to pod counts against a number of replicas. */
export interface ResolvedRollingUpdate {
  maxSurge: number;
  maxUnavailable: number;
}

export const PERCENT = /^(\d+)%$/;

/**
 * A count as written, or a percentage of `total` rounded up or down (apimachinery's
 * `intstr.GetScaledValueFromIntOrPercent`).
 */
export function scaleIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(PERCENT.exec(value)?.[1] ?? Number.NaN);
  // percent × total is an integer, so one division and one rounding give Kubernetes' integer result.
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * The Deployment controller's fenceposts (`deploymentutil.ResolveFenceposts`): a percentage of `replicas`,
 * maxSurge rounded up and maxUnavailable down, so 25%/25% of 3 replicas is 1/0, of 4 is 1/1, of 10 is 3/2.
 * Both may come out 0; the scenario validator refuses that, and the controller raises maxUnavailable to 1.
 */
export function resolveFenceposts(replicas: number, update: RollingUpdate): ResolvedRollingUpdate {
  return {
    maxSurge: scaleIntOrPercent(update.maxSurge, replicas, true),
    maxUnavailable: scaleIntOrPercent(update.maxUnavailable, replicas, false),
  };
}
