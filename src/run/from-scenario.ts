import { basename } from 'node:path';
import type { DisruptionSpec } from '../actions/index.js';
import { ZERO_DOWNTIME } from '../analysis/slo.js';
import { warningLine } from '../core/errors.js';
import { REDACTED, redactHeaders, redactUrls } from '../core/redact.js';
import { type AppSpec, type LocalRolloutExtension, platformPodHeaders } from '../platform/index.js';
import {
  type AppTarget,
  formatProblem,
  type KubernetesTarget as KubernetesScenarioTarget,
  LOCAL_DEPLOYMENT_NAME,
  loadScenarioFile,
  type Scenario,
} from '../scenario/index.js';

import type { RunSpec } from './spec.js';

type LocalScenarioTarget = Extract<Scenario['target'], { platform: 'local' }>;

/** The platform's view of what a replica runs. */
function appSpecOf(app: AppTarget): AppSpec {
  if (app.kind === 'command') return { command: app.command, env: app.env };
  const { kind: _kind, ...sampleApp } = app;
  return { sampleApp };
}

function disruptionOf(disruption: Scenario['disruptions'][number]): DisruptionSpec {
  switch (disruption.action) {
    case 'rollout':
      if (disruption.image !== undefined)
        return { action: 'rollout', change: { kind: 'image', images: disruption.image } };
      if (disruption.patch !== undefined)
        return { action: 'rollout', change: { kind: 'patch', template: disruption.patch } };
      return disruption.app === undefined
        ? { action: 'rollout', change: { kind: 'restart' } }
        : {
            action: 'rollout',
            change: { kind: 'restart' },
            extension: { app: appSpecOf(disruption.app) } satisfies LocalRolloutExtension,
          };
    case 'scale':
      return { action: 'scale', replicas: disruption.replicas };
    case 'drain':
      return { action: 'drain', node: disruption.node };
    case 'deletePod':
      return { action: 'deletePod', pod: disruption.pod };
  }
}

/**
 * How to reach a cluster, like kubectl's flags; each one wins over the scenario (`namespace`, `url`). Ignored for
 * a local target.
 */
export interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  url?: string;
}

function localTargetOf(target: LocalScenarioTarget): RunSpec['target'] {
  const probe = target.readinessProbe;
  const preStopSeconds = target.lifecycle?.preStop?.sleep.seconds ?? 0;
  return {
    platform: 'local',
    name: LOCAL_DEPLOYMENT_NAME,
    app: appSpecOf(target.app),
    replicas: target.replicas,
    readinessProbe: {
      path: probe.path ?? (target.app.kind === 'sampleApp' ? '/healthz' : '/'),
      periodMs: probe.periodSeconds * 1000,
      timeoutMs: probe.timeoutSeconds * 1000,
      initialDelayMs: probe.initialDelaySeconds * 1000,
      successThreshold: probe.successThreshold,
      failureThreshold: probe.failureThreshold,
    },
    termination: { preStopMs: preStopSeconds * 1000, gracePeriodMs: target.terminationGracePeriodSeconds * 1000 },
    maxSurge: target.strategy.rollingUpdate.maxSurge,
    maxUnavailable: target.strategy.rollingUpdate.maxUnavailable,
    minReadyMs: target.minReadySeconds * 1000,
    proxy: {
      mode: target.proxy.mode,
      propagationDelayMs: target.proxy.endpointPropagationDelayMs,
      jitterMs: target.proxy.jitterMs,
    },
    nodes: target.nodes ?? [],
    ...(target.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: target.podDisruptionBudget }),
    startTimeoutMs: 60_000,
  };
}

function kubernetesTargetOf(target: KubernetesScenarioTarget, cluster: ClusterOptions): RunSpec['target'] {
  const namespace = cluster.namespace ?? target.namespace;
  const url = cluster.url ?? target.url;
  return {
    platform: 'kubernetes',
    deployment: target.deployment,
    ...(namespace === undefined ? {} : { namespace }),
    ...(target.service === undefined ? {} : { service: target.service }),
    ...(url === undefined ? {} : { url }),
    ...(cluster.kubeconfig === undefined ? {} : { kubeconfig: cluster.kubeconfig }),
    ...(cluster.context === undefined ? {} : { context: cluster.context }),
  };
}

/** Turns a validated scenario into what `run` executes (ms everywhere, platform-neutral shapes). */
export function toRunSpec(scenario: Scenario, file?: string, cluster: ClusterOptions = {}): RunSpec {
  const { target, load } = scenario;
  const runTarget = target.platform === 'local' ? localTargetOf(target) : kubernetesTargetOf(target, cluster);
  return {
    name: scenario.name,
    ...(file === undefined ? {} : { file }),
    asRun: withoutSecrets(scenario),
    target: runTarget,
    load: {
      ...(load.url === undefined ? { path: load.path } : { url: load.url }),
      ...(load.model === 'closed' ? { model: 'closed' } : { rps: load.rate }),
      connections: load.connections,
      timeoutMs: load.timeoutMs,
      bucketMs: load.bucketMs,
      method: load.method,
      headers: load.headers,
      httpClient: load.httpClient,
      ...(load.body === undefined ? {} : { body: load.body }),
      ...(load.maxRequestsPerConnection === undefined
        ? {}
        : { maxRequestsPerConnection: load.maxRequestsPerConnection }),
      podHeaders: [load.podHeader, ...platformPodHeaders(runTarget)],
    },
    warmupMs: scenario.warmupMs,
    cooldownMs: scenario.cooldownMs,
    timeoutMs: scenario.timeoutMs,
    disruptions: scenario.disruptions.map((disruption) => ({ atMs: disruption.atMs, spec: disruptionOf(disruption) })),
    slo: Object.keys(scenario.slo).length > 0 ? scenario.slo : ZERO_DOWNTIME,
    sampleIntervalMs: scenario.sampleIntervalMs,
    ...(scenario.capacity === undefined ? {} : { capacity: scenario.capacity }),
  };
}

/** The scenario as the result records it: the load's headers and URL with their credentials redacted. */
function withoutSecrets(scenario: Scenario): Scenario {
  const { load } = scenario;
  const headers = redactHeaders(load.headers);
  const body = load.body === undefined ? {} : { body: `${REDACTED} (${Buffer.byteLength(load.body)} bytes)` };
  return {
    ...scenario,
    target: targetWithoutSecrets(scenario.target),
    disruptions: scenario.disruptions.map((disruption) =>
      disruption.action === 'rollout' && disruption.app !== undefined
        ? { ...disruption, app: appWithoutSecrets(disruption.app) }
        : disruption,
    ),
    // The body is recorded only as its size: a login payload is a secret whatever its field names.
    load:
      load.url === undefined ? { ...load, headers, ...body } : { ...load, headers, ...body, url: redactUrls(load.url) },
  };
}

function targetWithoutSecrets(target: Scenario['target']): Scenario['target'] {
  if (target.platform === 'local') return { ...target, app: appWithoutSecrets(target.app) };
  return target.url === undefined ? target : { ...target, url: redactUrls(target.url) };
}

/** A command's environment (API_TOKEN=…) by the same rule as headers: names and values that say they are secrets. */
function appWithoutSecrets(app: AppTarget): AppTarget {
  return app.kind === 'command' ? { ...app, env: redactHeaders(app.env) } : app;
}

/**
 * Loads, validates (exit 3 on problems) and resolves a scenario file; warnings go to stderr. `cluster`: the
 * kubectl-like flags, for a kubernetes target.
 */
export async function loadRunSpec(
  file: string,
  io: { stderr: NodeJS.WritableStream },
  cluster: ClusterOptions = {},
): Promise<RunSpec> {
  const { scenario, warnings } = await loadScenarioFile(file);
  for (const warning of warnings) io.stderr.write(warningLine(formatProblem(warning)));
  return toRunSpec(scenario, basename(file), cluster);
}
