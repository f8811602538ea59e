import { kubeTime } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { ApiError } from '../api/status.js';
import { ageColumn, column, nameColumn } from '../api/table.js';

/** `kube-apiserver`'s immortal namespaces (`pkg/registry/core/namespace`, `NamespaceLifecycle` admission). */
const undeletable = new Set(['default', 'kube-system', 'kube-public']);

export const namespaces: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  subresources: ['status'],
  hasGeneration: false,
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the namespace', (object) => object.status?.phase ?? ''),
    ageColumn,
  ],
  fieldSelectors: { 'status.phase': (object) => object.status?.phase },
  defaults(object) {
    // The NamespaceDefaultLabelName feature (GA 1.22): every namespace carries its own name as a label.
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name };
    object.spec = { finalizers: ['kubernetes'], ...object.spec };
  },
  prepareForCreate(object) {
    object.status = { phase: 'Active' };
  },
  /**
   * A namespace goes Terminating and stays until the namespace controller has emptied it and cleared its
   * `kubernetes` finalizer; the ones the cluster needs may not be deleted at all.
   */
  gracefulDelete(namespace, _gracePeriodSeconds, nowMs) {
    const { name } = namespace.metadata;
    if (undeletable.has(name)) {
      throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    if (namespace.metadata.deletionTimestamp !== undefined && (namespace.spec?.finalizers ?? []).length === 0) {
      return undefined;
    }
    namespace.metadata.deletionTimestamp ??= kubeTime(nowMs);
    namespace.status = { ...namespace.status, phase: 'Terminating' };
    return namespace;
  },
};
