import { isDeepStrictEqual } from 'node:util';
import { type IntOrPercent, resolveFenceposts } from '../../core/rolling-update.js';
import { isPlainObject, type KubeObject } from '../api/object.js';

/** Annotations the Deployment controller writes (`deploymentutil`). */
export const annotation = {
  revision: 'deployment.kubernetes.io/revision',
  desiredReplicas: 'deployment.kubernetes.io/desired-replicas',
  maxReplicas: 'deployment.kubernetes.io/max-replicas',
} as const;
/** Deployment annotations not copied to its ReplicaSets (`skipCopyAnnotation`). */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  annotation.revision,
  'deployment.kubernetes.io/revision-history',
  annotation.desiredReplicas,
  annotation.maxReplicas,
  'deprecated.deployment.rollback.to',
]);
export const podTemplateHashLabel = 'pod-template-hash';

export function copiedAnnotations(deployment: KubeObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deployment.metadata.annotations ?? {}).filter(([key]) => !notCopied.has(key)),
  );
}

export function isRollingUpdate(deployment: KubeObject): boolean {
  return deployment.spec.strategy?.type !== 'Recreate';
}

function fenceposts(deployment: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const update = deployment.spec.strategy?.rollingUpdate ?? {};
  const resolved = resolveFenceposts(deployment.spec.replicas, {
    maxSurge: (update.maxSurge ?? '25%') as IntOrPercent,
    maxUnavailable: (update.maxUnavailable ?? '25%') as IntOrPercent,
  });
  // Both 0 would never make progress: the controller lets one pod be unavailable (`ResolveFenceposts`).
  return resolved.maxSurge === 0 && resolved.maxUnavailable === 0 ? { maxSurge: 0, maxUnavailable: 1 } : resolved;
}

/** `deploymentutil.MaxSurge`: 0 unless rolling. */
export function maxSurge(deployment: KubeObject): number {
  return isRollingUpdate(deployment) ? fenceposts(deployment).maxSurge : 0;
}

/** `deploymentutil.MaxUnavailable`: 0 unless rolling with replicas, and never more than the replicas. */
export function maxUnavailable(deployment: KubeObject): number {
  if (!isRollingUpdate(deployment) || deployment.spec.replicas === 0) return 0;
  return Math.min(fenceposts(deployment).maxUnavailable, deployment.spec.replicas);
}

export const specReplicas = (sets: KubeObject[]) => sets.reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0);
export const statusReplicas = (sets: KubeObject[]) => sets.reduce((sum, rs) => sum + (rs.status?.replicas ?? 0), 0);
export const readyReplicas = (sets: KubeObject[]) => sets.reduce((sum, rs) => sum + (rs.status?.readyReplicas ?? 0), 0);
export const availableReplicas = (sets: KubeObject[]) =>
  sets.reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);

export function revisionOf(object: KubeObject): number {
  return Number(object.metadata.annotations?.[annotation.revision] ?? 0) || 0;
}

function withoutHash(template: KubeObject['spec']): unknown {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel];
  return copy;
}

/** `EqualIgnoreHash`: the same pod template, apart from the `pod-template-hash` label. */
export function sameTemplate(a: KubeObject['spec'], b: KubeObject['spec']): boolean {
  return isDeepStrictEqual(withoutHash(a), withoutHash(b));
}

/** JSON with keys in order, so equal templates hash equally whatever order their fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `rand.SafeEncodeString`'s alphabet: no vowels, no 0/1/3, so a hash never spells a word. */
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * `controller.ComputeHash`: FNV-1a (32 bit) of the pod template and the collision count, written in the
 * safe alphabet — the `pod-template-hash` label and the ReplicaSet name suffix. Go hashes its own dump of the
 * struct, so the values differ from a real cluster's; the shape and the properties are the same.
 */
export function podTemplateHash(template: KubeObject['spec'], collisionCount: number | undefined): string {
  let hash = 0x811c9dc5;
  const text = canonical(template) + (collisionCount === undefined ? '' : String(collisionCount));
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return [...String(hash)].map((digit) => safeAlphabet[digit.charCodeAt(0) % safeAlphabet.length]).join('');
}
