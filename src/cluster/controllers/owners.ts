import { controllerOf, type KubeObject, type OwnerReference } from '../api/object.js';
import { apiVersionOf, type ResourceType } from '../api/resource-type.js';

/** The owner reference a controller puts on what it creates: it controls it, and blocks the owner's deletion. */
export function controllerReference(owner: KubeObject, type: ResourceType): OwnerReference {
  return {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerOf(object)?.uid === owner.metadata.uid;
}

/** `namespace/name` of the controlling owner when it is of `kind`, for requeueing the owner on a child's change. */
export function ownerKey(object: KubeObject, kind: string): string[] {
  const owner = controllerOf(object);
  return owner?.kind === kind ? [`${object.metadata.namespace}/${owner.name}`] : [];
}

/** Oldest first, then by name: `controller.ReplicaSetsByCreationTimestamp`. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const difference = Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp);
  return difference !== 0 ? difference : a.metadata.name < b.metadata.name ? -1 : 1;
}
