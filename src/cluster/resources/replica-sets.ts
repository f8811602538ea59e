import type { ResourceType } from '../api/resource-type.js';
import { scaleHandler } from '../api/scale.js';
import { ageColumn, column, nameColumn } from '../api/table.js';
import { defaultPodTemplate } from './pod-spec.js';
import { objectShape, replicaSetSpecShape } from './shapes.js';
import { workloadCauses, workloadWideColumns } from './workloads.js';

export const replicaSets: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  fields: objectShape(replicaSetSpecShape),
  hasGeneration: true,
  columns: [
    nameColumn,
    column('Desired', 'integer', 'Number of desired pods.', (rs) => rs.spec?.replicas ?? 0),
    column('Current', 'integer', 'Number of actual replicas.', (rs) => rs.status?.replicas ?? 0),
    column('Ready', 'integer', 'Number of ready replicas.', (rs) => rs.status?.readyReplicas ?? 0),
    ageColumn,
    ...workloadWideColumns,
  ],
  defaults(replicaSet) {
    replicaSet.spec ??= {};
    replicaSet.spec.replicas ??= 1;
    defaultPodTemplate(replicaSet.spec.template);
  },
  validate: workloadCauses,
  prepareForCreate(replicaSet) {
    replicaSet.status = { replicas: 0 };
  },
};
replicaSets.handlers = { scale: scaleHandler(replicaSets) };
