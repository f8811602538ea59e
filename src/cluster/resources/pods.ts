import { isDeepStrictEqual } from 'node:util';
import { type KubeObject, kubeTime } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { ageColumn, column, nameColumn } from '../api/table.js';
import { defaultPodSpec, podSpecCauses } from './pod-spec.js';
import { objectShape, podSpecShape } from './shapes.js';

// biome-ignore lint/suspicious/noExplicitAny: container statuses are open JSON.
type Json = any;

function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** `podutil.IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (condition: Json) => condition.type === 'Ready' && condition.status === 'True',
  );
}

/** kubectl's STATUS column (`printPod`): the phase, overridden by a container's waiting/terminated reason. */
function podStatusColumn(pod: KubeObject): string {
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  let hasRunning = false;
  for (const container of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    const { waiting, terminated, running } = container.state ?? {};
    if (waiting?.reason) reason = waiting.reason;
    else if (terminated?.reason) reason = terminated.reason;
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    else if (container.ready && running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = isPodReady(pod) ? 'Running' : 'NotReady';
  if (pod.metadata.deletionTimestamp !== undefined && !isTerminal(pod)) reason = 'Terminating';
  return reason;
}

function readyColumn(pod: KubeObject): string {
  const statuses: Json[] = pod.status?.containerStatuses ?? [];
  const ready = statuses.filter((container) => container.ready && container.state?.running).length;
  return `${ready}/${(pod.spec?.containers ?? []).length}`;
}

/** `Guaranteed` when every container's requests equal its limits for cpu and memory, `BestEffort` with none. */
function qosClass(spec: Json): string {
  const containers: Json[] = spec.containers ?? [];
  const resources = containers.map((container) => container.resources ?? {});
  const any = resources.some((r) => Object.keys(r.requests ?? {}).length + Object.keys(r.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = resources.every((r) =>
    ['cpu', 'memory'].every(
      (name) => r.limits?.[name] !== undefined && (r.requests?.[name] ?? r.limits[name]) === r.limits[name],
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pod spec fields an update may change (`ValidatePodUpdate`); the scheduler's binding sets `nodeName` once. */
function withoutMutableFields(spec: Json): Json {
  const copy = structuredClone(spec ?? {});
  for (const container of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) delete container.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.nodeName;
  return copy;
}

export const pods: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  subresources: ['status', 'log', 'eviction'],
  fields: objectShape(podSpecShape),
  hasGeneration: false,
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.', readyColumn),
    column('Status', 'string', 'The aggregate status of the containers in this pod.', podStatusColumn),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted.', (pod) =>
      String((pod.status?.containerStatuses ?? []).reduce((sum: number, c: Json) => sum + (c.restartCount ?? 0), 0)),
    ),
    ageColumn,
    column('IP', 'string', 'IP address allocated to the pod.', (pod) => pod.status?.podIP ?? '<none>', 1),
    column('Node', 'string', 'Name of the Node this pod runs on.', (pod) => pod.spec?.nodeName ?? '<none>', 1),
    column(
      'Nominated Node',
      'string',
      'Name of the Node nominated by the scheduler.',
      (pod) => pod.status?.nominatedNodeName ?? '<none>',
      1,
    ),
    column(
      'Readiness Gates',
      'string',
      'Pod readiness gates.',
      (pod) => ((pod.spec?.readinessGates ?? []).length === 0 ? '<none>' : String(pod.spec.readinessGates.length)),
      1,
    ),
  ],
  fieldSelectors: {
    'spec.nodeName': (pod) => pod.spec?.nodeName,
    'status.phase': (pod) => pod.status?.phase,
    'status.podIP': (pod) => pod.status?.podIP,
    'spec.restartPolicy': (pod) => pod.spec?.restartPolicy,
    'spec.schedulerName': (pod) => pod.spec?.schedulerName,
    'spec.serviceAccountName': (pod) => pod.spec?.serviceAccountName,
  },
  defaults(pod) {
    pod.spec ??= {};
    pod.spec.serviceAccountName ??= 'default';
    defaultPodSpec(pod.spec);
  },
  validate(pod, old) {
    const causes = podSpecCauses(pod.spec, 'spec');
    if (old !== undefined && !isDeepStrictEqual(withoutMutableFields(pod.spec), withoutMutableFields(old.spec))) {
      causes.push({
        reason: 'FieldValueForbidden',
        message:
          'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations)',
        field: 'spec',
      });
    }
    if (old?.spec?.nodeName !== undefined && pod.spec?.nodeName !== old.spec.nodeName) {
      causes.push({
        reason: 'FieldValueForbidden',
        message: 'Forbidden: pod is already bound to a node',
        field: 'spec.nodeName',
      });
    }
    return causes;
  },
  prepareForCreate(pod, context) {
    pod.status = { phase: 'Pending', qosClass: qosClass(pod.spec) };
    if (pod.spec.nodeName !== undefined) pod.status.startTime = kubeTime(context.nowMs());
  },
  gracefulDelete(pod, gracePeriodSeconds, nowMs) {
    // An unscheduled or finished pod has no kubelet to stop it, and grace 0 means "now" (`rest.BeforeDelete`).
    const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    if (pod.spec?.nodeName === undefined || isTerminal(pod) || grace === 0) return undefined;
    const deadlineMs = nowMs + grace * 1000;
    const current = pod.metadata.deletionTimestamp;
    // A second delete may shorten the grace period, never lengthen it.
    if (current !== undefined && Date.parse(current) <= deadlineMs) return pod;
    pod.metadata.deletionTimestamp = kubeTime(deadlineMs);
    pod.metadata.deletionGracePeriodSeconds = grace;
    return pod;
  },
};

/** When the pod last became Ready, in epoch ms; undefined when it is not Ready. */
export function readySinceMs(pod: KubeObject): number | undefined {
  const ready = (pod.status?.conditions ?? []).find(
    (condition: Json) => condition.type === 'Ready' && condition.status === 'True',
  );
  return ready === undefined ? undefined : Date.parse(ready.lastTransitionTime ?? pod.metadata.creationTimestamp);
}

/** `podutil.IsPodAvailable`: Ready for at least `minReadySeconds`. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const since = readySinceMs(pod);
  return since !== undefined && (minReadySeconds === 0 || since + minReadySeconds * 1000 <= nowMs);
}

/** A pod that counts towards its ReplicaSet: not terminating, not finished (`controller.IsPodActive`). */
export function isPodActive(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp === undefined && !isTerminal(pod);
}
