/** A JSON value as it travels over the wire. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `metav1.ObjectMeta`, the fields the server manages or reads. */
export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  /** Opaque to clients; here the global write counter at this object's last write, as a decimal string. */
  resourceVersion: string;
  /** Bumped when the spec changes, for kinds that have one (Deployments, ReplicaSets, PDBs). */
  generation?: number;
  /** RFC 3339, one-second resolution like `metav1.Time`. */
  creationTimestamp: string;
  /** Request time + grace period, not the moment of deletion (`rest.BeforeDelete`). */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** Any object the server stores; the resource files narrow `spec` and `status` to what they read. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: specs and statuses are open JSON; each resource file reads its own fields.
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  status?: any;
  [field: string]: unknown;
}

/** `metav1.Time`: RFC 3339 in UTC without fractions. */
export function kubeTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The owner reference marked `controller: true`, as `metav1.GetControllerOf` finds it. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller === true);
}
