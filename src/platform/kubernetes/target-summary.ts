import type {
  V1Container,
  V1Deployment,
  V1LifecycleHandler,
  V1PodDisruptionBudget,
  V1Probe,
  V1Service,
} from '@kubernetes/client-node';
import { selectorMatches } from './label-selector.js';
import { cpuMillicoresOf, memoryBytesOf } from './quantity.js';
import { deploymentRolloutStatus } from './rollout-status.js';

export interface ContainerSummary {
  name: string;
  image?: string;
  /** "sleep 5s", "exec: sh -c …", "httpGet /drain:8080", or undefined when there is none. */
  preStop?: string;
  /** "httpGet /healthz every 1s, unready after 1 failure", or undefined when there is none. */
  readinessProbe?: string;
  requests: { cpuMillicores?: number; memoryBytes?: number };
  limits: { cpuMillicores?: number; memoryBytes?: number };
}

export interface TargetSummary {
  namespace: string;
  deployment: string;
  replicas: number;
  readyReplicas: number;
  /** kubectl rollout status's line for it now (or its error text). */
  rollout: string;
  strategy: string;
  minReadySeconds: number;
  terminationGracePeriodSeconds: number;
  containers: ContainerSummary[];
  /** The PodDisruptionBudgets whose selector matches the pod template: "name (minAvailable 2, 1 disruption allowed)". */
  disruptionBudgets: string[];
  /** "NodePort 80→http (nodePort 30080)", or undefined when the Service was not found or not asked for. */
  service?: string;
}

/** What the doctor prints about the target: the settings that decide whether a rollout drops requests. */
export function summarizeTarget(
  deployment: V1Deployment,
  budgets: readonly V1PodDisruptionBudget[],
  service: V1Service | undefined,
): TargetSummary {
  const spec = deployment.spec;
  const podSpec = spec?.template.spec;
  const labels = spec?.template.metadata?.labels ?? {};
  const rolling = spec?.strategy?.rollingUpdate;
  const strategyType = spec?.strategy?.type ?? 'RollingUpdate';
  return {
    namespace: deployment.metadata?.namespace ?? '',
    deployment: deployment.metadata?.name ?? '',
    replicas: spec?.replicas ?? 1,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    rollout: rolloutLine(deployment),
    strategy:
      strategyType === 'RollingUpdate'
        ? `RollingUpdate maxSurge ${rolling?.maxSurge ?? '25%'}, maxUnavailable ${rolling?.maxUnavailable ?? '25%'}`
        : strategyType,
    minReadySeconds: spec?.minReadySeconds ?? 0,
    terminationGracePeriodSeconds: podSpec?.terminationGracePeriodSeconds ?? 30,
    containers: (podSpec?.containers ?? []).map(summarizeContainer),
    disruptionBudgets: budgets.filter((pdb) => selectorMatches(pdb.spec?.selector, labels)).map(describeBudget),
    ...(service ? { service: describeService(service) } : {}),
  };
}

function rolloutLine(deployment: V1Deployment): string {
  try {
    return deploymentRolloutStatus(deployment).message.trim();
  } catch (err) {
    return (err as Error).message;
  }
}

function summarizeContainer(container: V1Container): ContainerSummary {
  const preStop = container.lifecycle?.preStop;
  return {
    name: container.name,
    ...(container.image ? { image: container.image } : {}),
    ...(preStop ? { preStop: describeHandler(preStop) } : {}),
    ...(container.readinessProbe ? { readinessProbe: describeProbe(container.readinessProbe) } : {}),
    requests: resources(container.resources?.requests),
    limits: resources(container.resources?.limits),
  };
}

function describeHandler(handler: V1LifecycleHandler): string {
  if (handler.sleep) return `sleep ${handler.sleep.seconds}s`;
  if (handler.exec) return `exec: ${(handler.exec.command ?? []).join(' ')}`;
  if (handler.httpGet) return `httpGet ${handler.httpGet.path ?? '/'}:${handler.httpGet.port}`;
  if (handler.tcpSocket) return `tcpSocket :${handler.tcpSocket.port}`;
  return 'an empty handler';
}

function describeProbe(probe: V1Probe): string {
  const how = probe.httpGet
    ? `httpGet ${probe.httpGet.path ?? '/'}:${probe.httpGet.port}`
    : probe.tcpSocket
      ? `tcpSocket :${probe.tcpSocket.port}`
      : probe.grpc
        ? `grpc :${probe.grpc.port}`
        : 'exec';
  const failures = probe.failureThreshold ?? 3;
  return `${how} every ${probe.periodSeconds ?? 10}s, unready after ${failures} failure${failures === 1 ? '' : 's'}`;
}

function resources(values: Record<string, string> | undefined): ContainerSummary['requests'] {
  return {
    ...(values?.cpu !== undefined ? { cpuMillicores: cpuMillicoresOf(values.cpu) } : {}),
    ...(values?.memory !== undefined ? { memoryBytes: memoryBytesOf(values.memory) } : {}),
  };
}

function describeBudget(pdb: V1PodDisruptionBudget): string {
  const limit =
    pdb.spec?.minAvailable !== undefined
      ? `minAvailable ${pdb.spec.minAvailable}`
      : `maxUnavailable ${pdb.spec?.maxUnavailable ?? '?'}`;
  const allowed = pdb.status?.disruptionsAllowed;
  const status = allowed === undefined ? '' : `, ${allowed} disruption${allowed === 1 ? '' : 's'} allowed`;
  return `${pdb.metadata?.name ?? '?'} (${limit}${status})`;
}

function describeService(service: V1Service): string {
  const ports = (service.spec?.ports ?? []).map(
    (port) => `${port.port}→${port.targetPort ?? port.port}${port.nodePort ? ` (nodePort ${port.nodePort})` : ''}`,
  );
  return `${service.metadata?.name ?? '?'}: ${service.spec?.type ?? 'ClusterIP'} ${ports.join(', ')}`;
}
