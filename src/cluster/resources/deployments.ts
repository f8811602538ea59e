import type { ResourceType } from '../api/resource-type.js';
import { scaleHandler } from '../api/scale.js';
import { invalidValue } from '../api/status.js';
import { ageColumn, column, nameColumn } from '../api/table.js';
import { defaultPodTemplate } from './pod-spec.js';
import { deploymentSpecShape, objectShape } from './shapes.js';
import { workloadCauses, workloadWideColumns } from './workloads.js';

export const deployments: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  fields: objectShape(deploymentSpecShape),
  hasGeneration: true,
  columns: [
    nameColumn,
    column(
      'Ready',
      'string',
      'Number of the pod with ready state',
      (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    ),
    column(
      'Up-to-date',
      'integer',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      (d) => d.status?.updatedReplicas ?? 0,
    ),
    column(
      'Available',
      'integer',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      (d) => d.status?.availableReplicas ?? 0,
    ),
    ageColumn,
    ...workloadWideColumns,
  ],
  /** `pkg/apis/apps/v1/defaults.go`: 1 replica, RollingUpdate 25 %/25 %, 10 old ReplicaSets kept, 600 s deadline. */
  defaults(deployment) {
    deployment.spec ??= {};
    const spec = deployment.spec;
    spec.replicas ??= 1;
    spec.strategy ??= { type: 'RollingUpdate' };
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...spec.strategy.rollingUpdate };
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(spec.template);
  },
  validate(deployment, old) {
    const causes = workloadCauses(deployment, old);
    const update = deployment.spec?.strategy?.rollingUpdate;
    if (
      update !== undefined &&
      (update.maxSurge === 0 || update.maxSurge === '0%') &&
      (update.maxUnavailable === 0 || update.maxUnavailable === '0%')
    ) {
      causes.push(
        invalidValue(
          'spec.strategy.rollingUpdate.maxUnavailable',
          update.maxUnavailable,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
    return causes;
  },
  prepareForCreate(deployment) {
    deployment.status = {};
  },
};
deployments.handlers = { scale: scaleHandler(deployments) };
