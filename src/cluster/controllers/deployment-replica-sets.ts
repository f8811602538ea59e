import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { ApiError } from '../api/status.js';
import { deployments } from '../resources/deployments.js';
import { replicaSets } from '../resources/replica-sets.js';
import { newCondition, reason, setCondition } from './deployment-status.js';
import {
  annotation,
  copiedAnnotations,
  isRollingUpdate,
  maxSurge,
  podTemplateHash,
  podTemplateHashLabel,
  revisionOf,
  sameTemplate,
  specReplicas,
} from './deployment-util.js';
import { recordEvent } from './events.js';
import { byCreation, controllerReference } from './owners.js';

const component = 'deployment-controller';

/** One pass of the Deployment controller over one Deployment: the latest copy, re-read after each write to it. */
export interface Pass {
  registry: Registry;
  deployment: KubeObject;
  nowMs: number;
}

/**
 * `scaleReplicaSet`: sets the size and the `desired-replicas` / `max-replicas` annotations, and records
 * `ScalingReplicaSet` ("Scaled up replica set web-7d4 from 1 to 2") when the size changed.
 */
export function scaleReplicaSet(pass: Pass, replicaSet: KubeObject, size: number): KubeObject {
  const { deployment, registry } = pass;
  const desired = String(deployment.spec.replicas);
  const max = String(deployment.spec.replicas + maxSurge(deployment));
  const from = replicaSet.spec.replicas ?? 0;
  const annotations = replicaSet.metadata.annotations ?? {};
  if (
    from === size &&
    annotations[annotation.desiredReplicas] === desired &&
    annotations[annotation.maxReplicas] === max
  ) {
    return replicaSet;
  }
  const scaled = registry.mutate(replicaSets, replicaSet.metadata.namespace, replicaSet.metadata.name, (current) => {
    current.spec.replicas = size;
    current.metadata.annotations = {
      ...current.metadata.annotations,
      [annotation.desiredReplicas]: desired,
      [annotation.maxReplicas]: max,
    };
  });
  if (from !== size) {
    const direction = size > from ? 'up' : 'down';
    const message = `Scaled ${direction} replica set ${replicaSet.metadata.name} from ${from} to ${size}`;
    recordEvent(registry, deployment, 'Normal', 'ScalingReplicaSet', message, component);
  }
  return scaled;
}

/** Writes the Deployment's status through `/status` and keeps the pass's copy current. */
export function writeStatus(pass: Pass, status: unknown): void {
  const { namespace, name } = pass.deployment.metadata;
  pass.deployment = pass.registry.mutate(
    deployments,
    namespace,
    name,
    (current) => {
      current.status = status;
    },
    'status',
  );
}

function setRevision(pass: Pass, revision: string): void {
  if (pass.deployment.metadata.annotations?.[annotation.revision] === revision) return;
  const { namespace, name } = pass.deployment.metadata;
  pass.deployment = pass.registry.mutate(deployments, namespace, name, (current) => {
    current.metadata.annotations = { ...current.metadata.annotations, [annotation.revision]: revision };
  });
}

/** `NewRSNewReplicas` for a ReplicaSet about to be created: up to the surge for a rolling update, all for Recreate. */
function initialReplicas(deployment: KubeObject, old: KubeObject[]): number {
  if (!isRollingUpdate(deployment)) return deployment.spec.replicas;
  const room = deployment.spec.replicas + maxSurge(deployment) - specReplicas(old);
  return Math.max(0, Math.min(room, deployment.spec.replicas));
}

function createNewReplicaSet(pass: Pass, old: KubeObject[], revision: number): KubeObject {
  const { deployment, registry } = pass;
  const hash = podTemplateHash(deployment.spec.template, deployment.status?.collisionCount);
  const template = structuredClone(deployment.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [podTemplateHashLabel]: hash } };
  const selector = structuredClone(deployment.spec.selector);
  selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
  const replicas = initialReplicas(deployment, old);
  const name = `${deployment.metadata.name}-${hash}`;
  let created: KubeObject;
  try {
    created = registry.create(replicaSets, deployment.metadata.namespace, {
      metadata: {
        name,
        labels: template.metadata.labels,
        annotations: {
          ...copiedAnnotations(deployment),
          [annotation.revision]: String(revision),
          [annotation.desiredReplicas]: String(deployment.spec.replicas),
          [annotation.maxReplicas]: String(deployment.spec.replicas + maxSurge(deployment)),
        },
        ownerReferences: [controllerReference(deployment, deployments)],
      },
      spec: { replicas, minReadySeconds: deployment.spec.minReadySeconds ?? 0, selector, template },
    });
  } catch (error) {
    // A ReplicaSet of that name with another template: bump `collisionCount`, so the next hash differs.
    if (error instanceof ApiError && error.reason === 'AlreadyExists') {
      writeStatus(pass, {
        ...pass.deployment.status,
        collisionCount: (pass.deployment.status?.collisionCount ?? 0) + 1,
      });
    }
    throw error;
  }
  if (replicas > 0) {
    recordEvent(
      registry,
      deployment,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${name} from 0 to ${replicas}`,
      component,
    );
  }
  setRevision(pass, String(revision));
  const status = structuredClone(pass.deployment.status ?? {});
  setCondition(
    status,
    newCondition('Progressing', 'True', reason.newReplicaSetCreated, `Created new replica set "${name}"`, pass.nowMs),
  );
  writeStatus(pass, status);
  return created;
}

/**
 * `getAllReplicaSetsAndSyncRevision`: the ReplicaSet whose template is the Deployment's (created when `create`
 * and missing, taking the next revision), the older ones, and the revision annotations brought up to date.
 */
export function newAndOldReplicaSets(
  pass: Pass,
  owned: KubeObject[],
  create: boolean,
): { newRs: KubeObject | undefined; old: KubeObject[] } {
  const sorted = [...owned].sort(byCreation);
  const found = sorted.find((rs) => sameTemplate(rs.spec.template, pass.deployment.spec.template));
  const old = sorted.filter((rs) => rs !== found);
  const revision = Math.max(0, ...old.map(revisionOf)) + 1;
  if (found === undefined) return { newRs: create ? createNewReplicaSet(pass, old, revision) : undefined, old };
  let newRs = found;
  const wanted = { ...found.metadata.annotations, ...copiedAnnotations(pass.deployment) };
  if (revisionOf(found) < revision) wanted[annotation.revision] = String(revision);
  if (JSON.stringify(wanted) !== JSON.stringify(found.metadata.annotations ?? {})) {
    newRs = pass.registry.mutate(replicaSets, found.metadata.namespace, found.metadata.name, (current) => {
      current.metadata.annotations = wanted;
    });
  }
  setRevision(pass, String(revisionOf(newRs)));
  if (pass.deployment.status?.conditions?.some((c: { type: string }) => c.type === 'Progressing') !== true) {
    const status = structuredClone(pass.deployment.status ?? {});
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        reason.foundNewReplicaSet,
        `Found new replica set "${newRs.metadata.name}"`,
        pass.nowMs,
      ),
    );
    writeStatus(pass, status);
  }
  return { newRs, old };
}

/** `cleanupDeployment`: old, empty ReplicaSets beyond `revisionHistoryLimit` go, oldest first. */
export function cleanupOldReplicaSets(pass: Pass, old: KubeObject[]): void {
  const limit = pass.deployment.spec.revisionHistoryLimit ?? 10;
  const removable = old.filter((rs) => rs.metadata.deletionTimestamp === undefined).sort(byCreation);
  const excess = removable.length - limit;
  for (const rs of removable.slice(0, Math.max(0, excess))) {
    if ((rs.spec.replicas ?? 0) !== 0 || (rs.status?.replicas ?? 0) !== 0) continue;
    pass.registry.delete(replicaSets, rs.metadata.namespace, rs.metadata.name);
  }
}
