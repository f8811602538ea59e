import { type KubeObject, kubeTime } from '../api/object.js';
import { availableReplicas, maxUnavailable, readyReplicas, statusReplicas } from './deployment-util.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a Deployment status is open JSON.
type Status = any;

/** Condition reasons, as `deploymentutil` spells them. */
export const reason = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function condition(status: Status, type: string): Condition | undefined {
  return (status?.conditions ?? []).find((existing: Condition) => existing.type === type);
}

export function newCondition(
  type: string,
  value: Condition['status'],
  why: string,
  message: string,
  nowMs: number,
): Condition {
  const now = kubeTime(nowMs);
  return { type, status: value, lastUpdateTime: now, lastTransitionTime: now, reason: why, message };
}

/**
 * `SetDeploymentCondition`: the same status and reason is no change at all; the same status with another reason
 * keeps the transition time.
 */
export function setCondition(status: Status, wanted: Condition): void {
  const current = condition(status, wanted.type);
  if (current !== undefined && current.status === wanted.status && current.reason === wanted.reason) return;
  const next = { ...wanted };
  if (current !== undefined && current.status === wanted.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [
    ...(status.conditions ?? []).filter((existing: Condition) => existing.type !== wanted.type),
    next,
  ];
}

export function removeCondition(status: Status, type: string): void {
  status.conditions = (status.conditions ?? []).filter((existing: Condition) => existing.type !== type);
}

/** Go's `omitempty` on the status counters: a zero is not written. */
function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

/** `calculateStatus`: the counters over all ReplicaSets, and the `Available` condition. */
export function calculateStatus(
  deployment: KubeObject,
  all: KubeObject[],
  newRs: KubeObject | undefined,
  nowMs: number,
): Status {
  const available = availableReplicas(all);
  const total = statusReplicas(all);
  const status: Status = {
    observedGeneration: deployment.metadata.generation,
    ...withoutZeros({
      replicas: total,
      updatedReplicas: newRs === undefined ? 0 : statusReplicas([newRs]),
      readyReplicas: readyReplicas(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    }),
    ...(deployment.status?.collisionCount === undefined ? {} : { collisionCount: deployment.status.collisionCount }),
    conditions: structuredClone(deployment.status?.conditions ?? []),
  };
  const minimum = deployment.spec.replicas - maxUnavailable(deployment);
  setCondition(
    status,
    available >= minimum
      ? newCondition(
          'Available',
          'True',
          reason.minimumReplicasAvailable,
          'Deployment has minimum availability.',
          nowMs,
        )
      : newCondition(
          'Available',
          'False',
          reason.minimumReplicasUnavailable,
          'Deployment does not have minimum availability.',
          nowMs,
        ),
  );
  return status;
}

/** `DeploymentComplete`: every replica updated and available, and the newest spec observed. */
export function isComplete(deployment: KubeObject, status: Status): boolean {
  const replicas = deployment.spec.replicas;
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0)
  );
}

/** `DeploymentProgressing`: more updated, ready or available pods than before, or fewer old ones. */
export function isProgressing(deployment: KubeObject, status: Status): boolean {
  const before = deployment.status ?? {};
  const oldBefore = (before.replicas ?? 0) - (before.updatedReplicas ?? 0);
  const oldNow = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (before.updatedReplicas ?? 0) ||
    oldNow < oldBefore ||
    (status.readyReplicas ?? 0) > (before.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (before.availableReplicas ?? 0)
  );
}

/** `DeploymentTimedOut`: no progress for `progressDeadlineSeconds` since the Progressing condition last moved. */
export function hasTimedOut(deployment: KubeObject, status: Status, nowMs: number): boolean {
  const progressing = condition(status, 'Progressing');
  if (progressing === undefined || progressing.reason === reason.newReplicaSetAvailable) return false;
  if (progressing.reason === reason.timedOut) return true;
  return Date.parse(progressing.lastUpdateTime) + deployment.spec.progressDeadlineSeconds * 1000 < nowMs;
}
