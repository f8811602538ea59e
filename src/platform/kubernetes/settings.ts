import type { V1Container, V1Deployment, V1ResourceRequirements } from '@kubernetes/client-node';
import { cpuMillicoresOf, memoryBytesOf } from './quantity.js';
import type { ContainerSettings, WorkloadSettings } from './types.js';

function resources(values: V1ResourceRequirements['requests']): ContainerSettings['requests'] {
  if (values === undefined) return undefined;
  const cpu = values.cpu;
  const memory = values.memory;
  if (cpu === undefined && memory === undefined) return undefined;
  return {
    ...(cpu === undefined ? {} : { cpuMillicores: cpuMillicoresOf(cpu) }),
    ...(memory === undefined ? {} : { memoryBytes: memoryBytesOf(memory) }),
  };
}

function preStopOf(container: V1Container): ContainerSettings['preStop'] {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep !== undefined) return { sleepSeconds: hook.sleep.seconds };
  if (hook?.exec !== undefined) return { exec: hook.exec.command ?? [] };
  if (hook?.httpGet !== undefined) {
    return {
      httpGet: { ...(hook.httpGet.path === undefined ? {} : { path: hook.httpGet.path }), port: hook.httpGet.port },
    };
  }
  return undefined;
}

function containerSettings(container: V1Container): ContainerSettings {
  const probe = container.readinessProbe;
  const preStop = preStopOf(container);
  const requests = resources(container.resources?.requests);
  const limits = resources(container.resources?.limits);
  return {
    name: container.name,
    ...(container.image === undefined ? {} : { image: container.image }),
    ...(preStop === undefined ? {} : { preStop }),
    // The API's defaults for fields the spec leaves out.
    ...(probe === undefined
      ? {}
      : {
          readinessProbe: {
            periodSeconds: probe.periodSeconds ?? 10,
            initialDelaySeconds: probe.initialDelaySeconds ?? 0,
            failureThreshold: probe.failureThreshold ?? 3,
            successThreshold: probe.successThreshold ?? 1,
            timeoutSeconds: probe.timeoutSeconds ?? 1,
          },
        }),
    ...(requests === undefined ? {} : { requests }),
    ...(limits === undefined ? {} : { limits }),
  };
}

/** The settings a Deployment runs with, defaults applied as the API server applies them (apps/v1 defaults.go). */
export function workloadSettings(deployment: V1Deployment): WorkloadSettings {
  const spec = deployment.spec;
  const strategy = spec?.strategy;
  const type = strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
  return {
    name: `${deployment.metadata?.namespace}/${deployment.metadata?.name}`,
    replicas: spec?.replicas ?? 1,
    strategy:
      type === 'Recreate'
        ? { type }
        : {
            type,
            maxSurge: strategy?.rollingUpdate?.maxSurge ?? '25%',
            maxUnavailable: strategy?.rollingUpdate?.maxUnavailable ?? '25%',
          },
    minReadySeconds: spec?.minReadySeconds ?? 0,
    progressDeadlineSeconds: spec?.progressDeadlineSeconds ?? 600,
    terminationGracePeriodSeconds: spec?.template.spec?.terminationGracePeriodSeconds ?? 30,
    containers: (spec?.template.spec?.containers ?? []).map(containerSettings),
  };
}
