import type { KubeObject } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { labelSelectorMatcher } from '../api/selectors.js';
import type { StatusCause } from '../api/status.js';
import { ageColumn, column, nameColumn } from '../api/table.js';
import { objectShape, podDisruptionBudgetSpecShape } from './shapes.js';

export const podDisruptionBudgets: ResourceType = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  shortNames: ['pdb'],
  subresources: ['status'],
  fields: objectShape(podDisruptionBudgetSpecShape),
  hasGeneration: true,
  columns: [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.', (pdb) =>
      String(pdb.spec?.minAvailable ?? 'N/A'),
    ),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.', (pdb) =>
      String(pdb.spec?.maxUnavailable ?? 'N/A'),
    ),
    column(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
      (pdb) => pdb.status?.disruptionsAllowed ?? 0,
    ),
    ageColumn,
  ],
  validate(pdb) {
    const causes: StatusCause[] = [];
    if (pdb.spec?.minAvailable !== undefined && pdb.spec?.maxUnavailable !== undefined) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: 'Invalid value: minAvailable and maxUnavailable cannot be both set',
        field: 'spec',
      });
    }
    return causes;
  },
  prepareForCreate(pdb) {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
};

/** The budgets whose selector picks the pod (an empty selector picks every pod of the namespace in policy/v1). */
export function budgetsFor(pod: KubeObject, budgets: KubeObject[]): KubeObject[] {
  return budgets.filter(
    (pdb) =>
      pdb.metadata.namespace === pod.metadata.namespace &&
      labelSelectorMatcher(pdb.spec?.selector)(pod.metadata.labels),
  );
}
