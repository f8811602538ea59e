import { fields, objectMetaShape, type Shape } from '../api/field-validation.js';

/** `core/v1` Container (`k8s.io/api/core/v1/types.go`). */
const container: Shape = fields(
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
);

/** `core/v1` PodSpec. */
export const podSpecShape: Shape = {
  ...fields(
    'volumes',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'nodeName',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'topologySpreadConstraints',
    'setHostnameAsFQDN',
    'os',
    'hostUsers',
    'schedulingGates',
    'resourceClaims',
    'resources',
  ),
  containers: [container],
  initContainers: [container],
};

const podTemplate: Shape = { metadata: objectMetaShape, spec: podSpecShape };

/** An object of a kind: `apiVersion`, `kind`, `metadata`, its `spec`, any `status`, and the kind's own top-level fields. */
export function objectShape(spec: Shape | undefined, ...topLevel: string[]): Shape {
  return {
    ...fields('apiVersion', 'kind', 'status', ...topLevel),
    metadata: objectMetaShape,
    ...(spec === undefined ? {} : { spec }),
  };
}

export const deploymentSpecShape: Shape = {
  ...fields(
    'replicas',
    'selector',
    'strategy',
    'minReadySeconds',
    'revisionHistoryLimit',
    'paused',
    'progressDeadlineSeconds',
  ),
  template: podTemplate,
};

export const replicaSetSpecShape: Shape = {
  ...fields('replicas', 'minReadySeconds', 'selector'),
  template: podTemplate,
};

export const serviceSpecShape: Shape = fields(
  'ports',
  'selector',
  'clusterIP',
  'clusterIPs',
  'type',
  'externalIPs',
  'sessionAffinity',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'externalName',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'publishNotReadyAddresses',
  'sessionAffinityConfig',
  'ipFamilies',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution',
);

export const podDisruptionBudgetSpecShape: Shape = fields(
  'minAvailable',
  'selector',
  'maxUnavailable',
  'unhealthyPodEvictionPolicy',
);
