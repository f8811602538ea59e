import type { DisruptionBudget } from '../../core/disruption-budget.js';
import type { IntOrPercent } from '../../core/rolling-update.js';
import { version } from '../../core/version.js';
import type { AppSpec } from './app-command.js';

/** A readiness probe in ms: the local platform probes in steps of 0.1 s, which the embedded cluster honours. */
export interface ProbeMs {
  path: string;
  periodMs: number;
  timeoutMs: number;
  initialDelayMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** What the local Deployment runs and how it rolls, in the platform's terms (ms). */
export interface LocalWorkload {
  /** The Deployment's name (and its Service's, and the `app` label's value). */
  name: string;
  app: AppSpec;
  replicas: number;
  readinessProbe: ProbeMs;
  termination: { preStopMs: number; gracePeriodMs: number };
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  minReadyMs: number;
  podDisruptionBudget?: DisruptionBudget;
}

/** The one container of a local pod, as settings, samples and recommended patches name it. */
export const CONTAINER = 'app';

/** The project's image: on the embedded cluster it runs the rollbench CLI (`sample-app …`) as a local process. */
const PROJECT_IMAGE = `ghcr.io/rollbench/rollbench:${version}`;

/** The port the container says it listens on; the embedded kubelet maps it to a free loopback port ($PORT). */
const CONTAINER_PORT = 8080;

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are open JSON here, checked by the API server.
type Json = any;

/**
 * `{port}` in a local command becomes `$(PORT)`, which the kubelet expands to the port the container must listen
 * on; a `$` of the user's own is written `$$` so the kubelet leaves it for the shell.
 */
function withPortVariable(text: string): string {
  return text.replaceAll('$', '$$$$').replaceAll('{port}', '$(PORT)');
}

/** The container's command, args and env for the app; absent fields are `null` so a patch removes them. */
export function appContainerFields(app: AppSpec): Record<string, Json> {
  if ('sampleApp' in app) {
    const s = app.sampleApp;
    return {
      image: PROJECT_IMAGE,
      command: null,
      args: [
        'sample-app',
        ...['--on-sigterm', s.onSigterm, '--cpu', `${s.cpuMs}ms`, '--delay', `${s.delayMs}ms`],
        ...['--body-bytes', String(s.bodyBytes), '--startup-delay', `${s.startupDelayMs}ms`],
      ],
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    };
  }
  const command =
    typeof app.command === 'string'
      ? ['/bin/sh', '-c', withPortVariable(app.command)]
      : app.command.map(withPortVariable);
  return {
    // Any other image runs its command as a local process; the name only says so in `kubectl get pods -o wide`.
    image: 'local-command',
    command,
    args: null,
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ...Object.entries(app.env ?? {}).map(([name, value]) => ({ name, value: withPortVariable(value) })),
    ],
  };
}

function container(workload: LocalWorkload): Json {
  const probe = workload.readinessProbe;
  const { preStopMs } = workload.termination;
  const fields = Object.fromEntries(Object.entries(appContainerFields(workload.app)).filter(([, v]) => v !== null));
  return {
    name: CONTAINER,
    ...fields,
    ports: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
    readinessProbe: {
      httpGet: { path: probe.path, port: 'http' },
      // Tenths of seconds: the embedded kubelet probes at this resolution (a real API server takes whole seconds).
      periodSeconds: probe.periodMs / 1000,
      timeoutSeconds: probe.timeoutMs / 1000,
      initialDelaySeconds: probe.initialDelayMs / 1000,
      successThreshold: probe.successThreshold,
      failureThreshold: probe.failureThreshold,
    },
    ...(preStopMs > 0 ? { lifecycle: { preStop: { sleep: { seconds: preStopMs / 1000 } } } } : {}),
  };
}

/** The Deployment, its NodePort Service and (if any) its PodDisruptionBudget, as `kubectl create -f` would send. */
export function localManifests(workload: LocalWorkload): { deployment: Json; service: Json; budget?: Json } {
  const labels = { app: workload.name };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: workload.name, labels },
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: labels },
      minReadySeconds: workload.minReadyMs / 1000,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: workload.maxSurge, maxUnavailable: workload.maxUnavailable },
      },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: workload.termination.gracePeriodMs / 1000,
          containers: [container(workload)],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: workload.name, labels },
    spec: { type: 'NodePort', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  const budget =
    workload.podDisruptionBudget === undefined
      ? undefined
      : {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: workload.name, labels },
          spec: { selector: { matchLabels: labels }, ...workload.podDisruptionBudget },
        };
  return { deployment, service, ...(budget === undefined ? {} : { budget }) };
}
