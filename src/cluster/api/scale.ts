import type { KubeObject } from './object.js';
import { applyPatch } from './patch.js';
import type { Registry } from './registry.js';
import type { ResourceType, SubresourceRequest, SubresourceResponse } from './resource-type.js';
import { formatLabelSelector } from './selectors.js';
import { ApiError, conflict, methodNotAllowed } from './status.js';

/** The `autoscaling/v1` Scale of a workload: its replicas, and its selector as a string. */
function scaleOf(workload: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = workload.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: workload.spec?.replicas ?? 0 },
    status: { replicas: workload.status?.replicas ?? 0, selector: formatLabelSelector(workload.spec?.selector) },
  };
}

/**
 * `/scale` of a Deployment or ReplicaSet: GET reads it, PUT and PATCH change `spec.replicas` of the workload;
 * a PUT carrying a stale `resourceVersion` is a 409 like any update.
 */
export function scaleHandler(type: ResourceType) {
  return (request: SubresourceRequest, registry: Registry): SubresourceResponse => {
    const current = registry.get(type, request.namespace, request.name);
    if (request.method === 'GET') return { json: scaleOf(current) };
    let wanted: KubeObject;
    if (request.method === 'PUT') wanted = request.body as KubeObject;
    else if (request.method === 'PATCH')
      wanted = applyPatch(request.contentType, scaleOf(current), request.body) as KubeObject;
    else throw methodNotAllowed(request.method, 'scale');
    const pinned = wanted.metadata?.resourceVersion;
    if (pinned && pinned !== current.metadata.resourceVersion) throw conflict(type.plural, type.group, request.name);
    const replicas = wanted.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new ApiError(
        422,
        'Invalid',
        `Scale.autoscaling "${request.name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`,
        {
          causes: [
            { reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0', field: 'spec.replicas' },
          ],
        },
      );
    }
    const updated = registry.update(type, request.namespace, request.name, {
      ...current,
      spec: { ...current.spec, replicas },
    });
    return { json: scaleOf(updated) };
  };
}
