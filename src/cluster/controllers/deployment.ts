import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { deployments } from '../resources/deployments.js';
import { pods } from '../resources/pods.js';
import { replicaSets } from '../resources/replica-sets.js';
import {
  cleanupOldReplicaSets,
  newAndOldReplicaSets,
  type Pass,
  scaleReplicaSet,
  writeStatus,
} from './deployment-replica-sets.js';
import { reconcileNewReplicaSet, reconcileOldReplicaSets, scaleProportionally } from './deployment-rolling.js';
import {
  calculateStatus,
  condition,
  hasTimedOut,
  isComplete,
  isProgressing,
  newCondition,
  reason,
  removeCondition,
  setCondition,
} from './deployment-status.js';
import { annotation, isRollingUpdate } from './deployment-util.js';
import { byCreation, isControlledBy, ownerKey } from './owners.js';
import { type Controller, keyOf, lookup, ownKey } from './runtime.js';

/** `progressDeadlineSeconds` at int32 max means "no deadline" (`HasProgressDeadline`). */
const noDeadline = 2_147_483_647;

/**
 * `syncRolloutStatus`: the status counters, then the Progressing condition — complete, progressing (moved
 * forward since the last status), or past its deadline (`ProgressDeadlineExceeded`). Returns when to look again
 * for the deadline, as `requeueStuckDeployment` does.
 */
function syncRolloutStatus(pass: Pass, all: KubeObject[], newRs: KubeObject | undefined): number | undefined {
  const { deployment, nowMs } = pass;
  const status = calculateStatus(deployment, all, newRs, nowMs);
  const deadlineSeconds = deployment.spec.progressDeadlineSeconds;
  const hasDeadline = deadlineSeconds !== undefined && deadlineSeconds !== noDeadline;
  if (!hasDeadline) removeCondition(status, 'Progressing');
  const current = condition(deployment.status, 'Progressing');
  const alreadyComplete =
    status.replicas === status.updatedReplicas && current?.reason === reason.newReplicaSetAvailable;
  const rsName = newRs?.metadata.name;
  if (hasDeadline && !alreadyComplete) {
    if (isComplete(deployment, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          reason.newReplicaSetAvailable,
          `ReplicaSet "${rsName}" has successfully progressed.`,
          nowMs,
        ),
      );
    } else if (isProgressing(deployment, status)) {
      const message =
        rsName === undefined
          ? `Deployment "${deployment.metadata.name}" is progressing.`
          : `ReplicaSet "${rsName}" is progressing.`;
      const progressing = newCondition('Progressing', 'True', reason.replicaSetUpdated, message, nowMs);
      if (current?.status === 'True') progressing.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, progressing);
    } else if (hasTimedOut(deployment, status, nowMs)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'False',
          reason.timedOut,
          `ReplicaSet "${rsName}" has timed out progressing.`,
          nowMs,
        ),
      );
    }
  }
  writeStatus(pass, status);
  const after = condition(pass.deployment.status, 'Progressing');
  if (
    !hasDeadline ||
    after === undefined ||
    after.reason === reason.newReplicaSetAvailable ||
    after.reason === reason.timedOut
  ) {
    return undefined;
  }
  return Date.parse(after.lastUpdateTime) + deadlineSeconds * 1000 - nowMs + 1000;
}

/** `checkPausedConditions`: Progressing is `Unknown` while paused (`DeploymentPaused`), and says when it resumed. */
function syncPausedCondition(pass: Pass): void {
  const current = condition(pass.deployment.status, 'Progressing');
  const paused = pass.deployment.spec.paused === true;
  const status = structuredClone(pass.deployment.status ?? {});
  if (paused && current?.reason !== 'DeploymentPaused') {
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', pass.nowMs),
    );
  } else if (!paused && current?.reason === 'DeploymentPaused') {
    setCondition(
      status,
      newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', pass.nowMs),
    );
  } else return;
  writeStatus(pass, status);
}

/** `sync`: a scaling event or a paused Deployment — resize, no rollout step. */
function syncScale(pass: Pass, owned: KubeObject[]): undefined {
  const { newRs, old } = newAndOldReplicaSets(pass, owned, false);
  scaleProportionally(pass, newRs, old);
  const all = ownedReplicaSets(pass);
  if (pass.deployment.spec.paused === true)
    cleanupOldReplicaSets(
      pass,
      all.filter((rs) => rs.metadata.uid !== newRs?.metadata.uid),
    );
  const fresh = all.find((rs) => rs.metadata.uid === newRs?.metadata.uid);
  writeStatus(pass, { ...calculateStatus(pass.deployment, all, fresh, pass.nowMs) });
  return undefined;
}

function ownedReplicaSets(pass: Pass): KubeObject[] {
  return pass.registry
    .list(replicaSets, pass.deployment.metadata.namespace)
    .filter((rs) => isControlledBy(rs, pass.deployment));
}

function rolloutRolling(pass: Pass, owned: KubeObject[]): number | undefined {
  const { newRs } = newAndOldReplicaSets(pass, owned, true);
  if (newRs === undefined) return undefined;
  const fresh = () => {
    const all = ownedReplicaSets(pass);
    const current = all.find((rs) => rs.metadata.uid === newRs.metadata.uid) ?? newRs;
    return { all, current, old: all.filter((rs) => rs.metadata.uid !== newRs.metadata.uid) };
  };
  const syncStatus = () => {
    const { all, current } = fresh();
    return syncRolloutStatus(pass, all, current);
  };
  let state = fresh();
  if (reconcileNewReplicaSet(pass, state.all, state.current)) return syncStatus();
  state = fresh();
  const active = state.old.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  if (reconcileOldReplicaSets(pass, state.all, active, state.current)) return syncStatus();
  state = fresh();
  const status = calculateStatus(pass.deployment, state.all, state.current, pass.nowMs);
  if (isComplete(pass.deployment, status)) cleanupOldReplicaSets(pass, state.old);
  return syncStatus();
}

/** `rolloutRecreate`: every old pod gone before the new ReplicaSet gets any. */
function rolloutRecreate(pass: Pass, owned: KubeObject[]): number | undefined {
  const { newRs, old } = newAndOldReplicaSets(pass, owned, false);
  const activeOld = old.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  for (const rs of activeOld) scaleReplicaSet(pass, rs, 0);
  const oldUids = new Set(old.map((rs) => rs.metadata.uid));
  const oldPodsRunning = pass.registry
    .list(pods, pass.deployment.metadata.namespace)
    .some(
      (pod) =>
        pod.metadata.ownerReferences?.some((owner) => oldUids.has(owner.uid)) &&
        !['Succeeded', 'Failed'].includes(pod.status?.phase),
    );
  if (activeOld.length === 0 && !oldPodsRunning) {
    const created = newRs ?? newAndOldReplicaSets(pass, owned, true).newRs;
    if (created !== undefined && (created.spec.replicas ?? 0) === 0)
      scaleReplicaSet(pass, created, pass.deployment.spec.replicas);
  }
  const all = ownedReplicaSets(pass);
  const current = all.find(
    (rs) => rs.metadata.labels?.['pod-template-hash'] !== undefined && !oldUids.has(rs.metadata.uid),
  );
  if (isComplete(pass.deployment, calculateStatus(pass.deployment, all, current, pass.nowMs))) {
    cleanupOldReplicaSets(
      pass,
      all.filter((rs) => oldUids.has(rs.metadata.uid)),
    );
  }
  return syncRolloutStatus(pass, all, current);
}

/** `isScalingEvent`: an active ReplicaSet was sized for another `spec.replicas` than the Deployment has now. */
function isScalingEvent(pass: Pass, owned: KubeObject[]): boolean {
  return owned
    .filter((rs) => (rs.spec.replicas ?? 0) > 0)
    .some((rs) => {
      const desired = rs.metadata.annotations?.[annotation.desiredReplicas];
      return desired !== undefined && Number(desired) !== pass.deployment.spec.replicas;
    });
}

/**
 * The Deployment controller (`pkg/controller/deployment`): ReplicaSets named `<deployment>-<pod-template-hash>`
 * owned by the Deployment, the RollingUpdate and Recreate strategies, proportional scaling, the revision
 * annotations, `observedGeneration`, and the Progressing / Available conditions as the real controller writes them.
 */
export function deploymentController(registry: Registry): Controller {
  return {
    name: 'deployment-controller',
    initialKeys: () => registry.list(deployments).map(keyOf),
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(deployments)) return ownKey(event, deployments);
      if (event.resource === storageKey(replicaSets)) return ownerKey(event.object, 'Deployment');
      return [];
    },
    reconcile(key) {
      const deployment = lookup(registry, deployments, key);
      if (deployment === undefined) return undefined;
      const pass: Pass = { registry, deployment, nowMs: registry.nowMs() };
      const owned = ownedReplicaSets(pass).sort(byCreation);
      if (deployment.metadata.deletionTimestamp !== undefined) return syncScale(pass, owned);
      syncPausedCondition(pass);
      if (pass.deployment.spec.paused === true || isScalingEvent(pass, owned)) return syncScale(pass, owned);
      return isRollingUpdate(pass.deployment) ? rolloutRolling(pass, owned) : rolloutRecreate(pass, owned);
    },
  };
}
