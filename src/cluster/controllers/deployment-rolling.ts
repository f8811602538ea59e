import type { KubeObject } from '../api/object.js';
import { type Pass, scaleReplicaSet } from './deployment-replica-sets.js';
import {
  annotation,
  availableReplicas,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  specReplicas,
} from './deployment-util.js';
import { byCreation } from './owners.js';

/** `reconcileNewReplicaSet`: grow the new ReplicaSet as far as the surge allows (or shrink it to the replicas). */
export function reconcileNewReplicaSet(pass: Pass, all: KubeObject[], newRs: KubeObject): boolean {
  const { replicas } = pass.deployment.spec;
  const current = newRs.spec.replicas ?? 0;
  if (current === replicas) return false;
  if (current > replicas) {
    scaleReplicaSet(pass, newRs, replicas);
    return true;
  }
  const maxTotal = replicas + maxSurge(pass.deployment);
  const total = specReplicas(all);
  if (total >= maxTotal) return false;
  const size = current + Math.min(maxTotal - total, replicas - current);
  scaleReplicaSet(pass, newRs, size);
  return size !== current;
}

/**
 * `cleanupUnhealthyReplicas`: old ReplicaSets lose their unavailable pods first, oldest ReplicaSet first, up to
 * `budget` — removing them costs no availability.
 */
function cleanupUnhealthy(pass: Pass, old: KubeObject[], budget: number): { old: KubeObject[]; scaledDown: number } {
  let scaledDown = 0;
  const result: KubeObject[] = [];
  for (const rs of [...old].sort(byCreation)) {
    const replicas = rs.spec.replicas ?? 0;
    const unhealthy = replicas - (rs.status?.availableReplicas ?? 0);
    if (scaledDown >= budget || replicas === 0 || unhealthy <= 0) {
      result.push(rs);
      continue;
    }
    const count = Math.min(budget - scaledDown, unhealthy);
    result.push(scaleReplicaSet(pass, rs, replicas - count));
    scaledDown += count;
  }
  return { old: result, scaledDown };
}

/** `scaleDownOldReplicaSetsForRollingUpdate`: take old pods away while availability stays above the minimum. */
function scaleDownOld(pass: Pass, all: KubeObject[], old: KubeObject[]): number {
  const minAvailable = pass.deployment.spec.replicas - maxUnavailable(pass.deployment);
  const toScaleDown = availableReplicas(all) - minAvailable;
  let scaledDown = 0;
  for (const rs of [...old].sort(byCreation)) {
    if (scaledDown >= toScaleDown) break;
    const replicas = rs.spec.replicas ?? 0;
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - scaledDown);
    scaleReplicaSet(pass, rs, replicas - count);
    scaledDown += count;
  }
  return scaledDown;
}

/**
 * `reconcileOldReplicaSets`: how many old pods may go now = all pods − the minimum available − new pods not yet
 * available; unhealthy old pods go first, then healthy ones down to the minimum.
 */
export function reconcileOldReplicaSets(pass: Pass, all: KubeObject[], old: KubeObject[], newRs: KubeObject): boolean {
  if (specReplicas(old) === 0) return false;
  const minAvailable = pass.deployment.spec.replicas - maxUnavailable(pass.deployment);
  const newUnavailable = (newRs.spec.replicas ?? 0) - (newRs.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthy(pass, old, maxScaledDown);
  const scaledDown = scaleDownOld(pass, [...cleaned.old, newRs], cleaned.old);
  return cleaned.scaledDown + scaledDown > 0;
}

/**
 * `scale`: a change of `spec.replicas` outside a rollout step. One active ReplicaSet takes it all; during a
 * rollout the change is spread over the active ReplicaSets in proportion to their size (`getProportion`), the
 * leftover going to the largest (newest on a tie) when growing, the smallest-oldest when shrinking.
 */
export function scaleProportionally(pass: Pass, newRs: KubeObject | undefined, old: KubeObject[]): void {
  const { deployment } = pass;
  const active = [...(newRs === undefined ? [] : [newRs]), ...old].filter((rs) => (rs.spec.replicas ?? 0) > 0);
  const target =
    active.length === 1 ? active[0] : active.length === 0 ? (newRs ?? [...old].sort(byCreation).at(-1)) : undefined;
  if (target !== undefined) {
    scaleReplicaSet(pass, target, deployment.spec.replicas);
    return;
  }
  if (!isRollingUpdate(deployment)) return;
  const current = specReplicas(active);
  const allowed = deployment.spec.replicas > 0 ? deployment.spec.replicas + maxSurge(deployment) : 0;
  const toAdd = allowed - current;
  if (toAdd === 0) return;
  const ordered = [...active].sort((a, b) =>
    toAdd > 0
      ? b.spec.replicas - a.spec.replicas || -byCreation(a, b)
      : a.spec.replicas - b.spec.replicas || byCreation(a, b),
  );
  let added = 0;
  const sizes = ordered.map((rs) => {
    const annotated = Number(rs.metadata.annotations?.[annotation.maxReplicas] ?? current) || current;
    const fraction = Math.round((rs.spec.replicas * allowed) / annotated) - rs.spec.replicas;
    const bounded = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
    added += bounded;
    return rs.spec.replicas + bounded;
  });
  if (sizes.length > 0 && added !== toAdd) sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
  for (const [index, rs] of ordered.entries()) scaleReplicaSet(pass, rs, sizes[index] ?? rs.spec.replicas);
}
