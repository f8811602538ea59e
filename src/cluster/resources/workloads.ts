import type { KubeObject } from '../api/object.js';
import { formatLabelSelector, labelSelectorMatcher } from '../api/selectors.js';
import { invalidValue, required, type StatusCause } from '../api/status.js';
import { column, type TableColumn } from '../api/table.js';
import { containerImages, containerNames, podSpecCauses } from './pod-spec.js';

/** CONTAINERS, IMAGES and SELECTOR: the wide columns every workload shares. */
export const workloadWideColumns: TableColumn[] = [
  column(
    'Containers',
    'string',
    'Names of each container in the template.',
    (o) => containerNames(o.spec?.template),
    1,
  ),
  column(
    'Images',
    'string',
    'Images referenced by each container in the template.',
    (o) => containerImages(o.spec?.template),
    1,
  ),
  column('Selector', 'string', 'Label selector for pods.', (o) => formatLabelSelector(o.spec?.selector) || '<none>', 1),
];

/** What apps/v1 validation requires of a Deployment or ReplicaSet: a selector its template's labels match. */
export function workloadCauses(workload: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const { spec } = workload;
  const causes: StatusCause[] = [];
  if (spec?.selector === undefined) causes.push(required('spec.selector'));
  else if (!labelSelectorMatcher(spec.selector)(spec.template?.metadata?.labels)) {
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        spec.template?.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  if (old !== undefined && JSON.stringify(old.spec?.selector) !== JSON.stringify(spec?.selector)) {
    causes.push(invalidValue('spec.selector', spec?.selector, 'field is immutable'));
  }
  if (typeof spec?.replicas !== 'number' || spec.replicas < 0) {
    causes.push(invalidValue('spec.replicas', spec?.replicas, 'must be greater than or equal to 0'));
  }
  causes.push(...podSpecCauses(spec?.template?.spec, 'spec.template.spec'));
  return causes;
}
