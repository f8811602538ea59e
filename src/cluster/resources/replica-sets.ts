import type { ResourceType } from '../api/resource-type.js';
import { scaleHandler } from '../api/scale.js';
import { ageColumn, nameColumn } from '../api/table.js';
import { defaultPodSpec } from './pod-spec.js';
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
  hasGeneration: true,
  columns: [
    nameColumn,
    {
      name: 'Desired',
      type: 'integer',
      description: 'Number of desired pods.',
      priority: 0,
      cell: (rs) => rs.spec?.replicas ?? 0,
    },
    {
      name: 'Current',
      type: 'integer',
      description: 'Number of actual replicas.',
      priority: 0,
      cell: (rs) => rs.status?.replicas ?? 0,
    },
    {
      name: 'Ready',
      type: 'integer',
      description: 'Number of ready replicas.',
      priority: 0,
      cell: (rs) => rs.status?.readyReplicas ?? 0,
    },
    ageColumn,
    ...workloadWideColumns,
  ],
  defaults(replicaSet) {
    replicaSet.spec ??= {};
    replicaSet.spec.replicas ??= 1;
    defaultPodSpec(replicaSet.spec.template?.spec);
  },
  validate: workloadCauses,
  prepareForCreate(replicaSet) {
    replicaSet.status = { replicas: 0 };
  },
};
replicaSets.handlers = { scale: scaleHandler(replicaSets) };
