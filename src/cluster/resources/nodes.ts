import type { KubeObject } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { ageColumn, column, nameColumn } from '../api/table.js';

// biome-ignore lint/suspicious/noExplicitAny: node status is open JSON; the columns read a few fields.
type Json = any;

/** The taint the node lifecycle controller puts on a cordoned node, and `kubectl describe node` shows. */
const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function nodeStatus(node: KubeObject): string {
  const ready = (node.status?.conditions ?? []).find((condition: Json) => condition.type === 'Ready');
  const status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return node.spec?.unschedulable === true ? `${status},SchedulingDisabled` : status;
}

function roles(node: KubeObject): string {
  const prefix = 'node-role.kubernetes.io/';
  const found = Object.keys(node.metadata.labels ?? {})
    .filter((label) => label.startsWith(prefix))
    .map((label) => label.slice(prefix.length));
  return found.length === 0 ? '<none>' : found.sort().join(',');
}

function address(node: KubeObject, type: string): string {
  return (node.status?.addresses ?? []).find((entry: Json) => entry.type === type)?.address ?? '<none>';
}

export function isSchedulable(node: KubeObject): boolean {
  return node.spec?.unschedulable !== true;
}

export const nodes: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  subresources: ['status'],
  hasGeneration: false,
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node', nodeStatus),
    column('Roles', 'string', 'The roles of the node', roles),
    ageColumn,
    column(
      'Version',
      'string',
      'Kubelet Version reported by the node.',
      (node) => node.status?.nodeInfo?.kubeletVersion ?? '',
    ),
    column('Internal-IP', 'string', 'List of internal IPs.', (node) => address(node, 'InternalIP'), 1),
    column('External-IP', 'string', 'List of external IPs.', (node) => address(node, 'ExternalIP'), 1),
    column(
      'OS-Image',
      'string',
      'OS image reported by the node.',
      (node) => node.status?.nodeInfo?.osImage ?? '<unknown>',
      1,
    ),
    column(
      'Kernel-Version',
      'string',
      'Kernel version reported by the node.',
      (node) => node.status?.nodeInfo?.kernelVersion ?? '<unknown>',
      1,
    ),
    column(
      'Container-Runtime',
      'string',
      'Container runtime reported by the node.',
      (node) => node.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>',
      1,
    ),
  ],
  fieldSelectors: { 'spec.unschedulable': (node) => String(node.spec?.unschedulable === true) },
  prepareForUpdate(node) {
    // The node lifecycle controller taints a cordoned node and untaints it on uncordon (`doNoScheduleTaintingPass`);
    // done here, at the write that cordons, so the two never disagree.
    const others = (node.spec?.taints ?? []).filter((taint: Json) => taint.key !== unschedulableTaint.key);
    const taints = isSchedulable(node) ? others : [...others, { ...unschedulableTaint }];
    node.spec = { ...node.spec, taints };
    if (taints.length === 0) delete node.spec.taints;
  },
};
