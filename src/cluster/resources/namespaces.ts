import type { ResourceType } from '../api/resource-type.js';
import { ageColumn, column, nameColumn } from '../api/table.js';

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
};
