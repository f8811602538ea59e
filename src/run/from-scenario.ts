import { basename } from 'node:path';
import type { DisruptionSpec } from '../actions/index.js';
import { ZERO_DOWNTIME } from '../analysis/slo.js';
import { MESSAGE_PREFIX } from '../core/errors.js';
import { REDACTED, redactHeaders, redactUrls } from '../core/redact.js';
import { type AppSpec, type LocalRolloutExtension, platformPodHeaders } from '../platform/index.js';
import {
  type AppTarget,
  formatProblem,
  LOCAL_DEPLOYMENT_NAME,
  loadScenarioFile,
  type Scenario,
} from '../scenario/index.js';
import type { RunSpec } from './spec.js';

/** The platform's view of what a replica runs. */
export function appSpecOf(app: AppTarget): AppSpec {
  if (app.kind === 'command') return { command: app.command, env: app.env };
  const { kind: _kind, ...sampleApp } = app;
  return { sampleApp };
}

function disruptionOf(disruption: Scenario['disruptions'][number]): DisruptionSpec {
  switch (disruption.action) {
    case 'rollout':
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

/** Turns a validated scenario into what `run` executes (ms everywhere, platform-neutral shapes). */
export function toRunSpec(scenario: Scenario, file?: string): RunSpec {
  const { target, load } = scenario;
  const probe = target.readinessProbe;
  const preStopSeconds = target.lifecycle?.preStop?.sleep.seconds ?? 0;
  const runTarget: RunSpec['target'] = {
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
  return {
    name: scenario.name,
    ...(file === undefined ? {} : { file }),
    asRun: withoutSecrets(scenario),
    target: runTarget,
    load: {
      ...(load.url === undefined ? { path: load.path } : { url: load.url }),
      ...(load.max ? { max: true } : { rps: load.rate }),
      connections: load.connections,
      timeoutMs: load.timeoutMs,
      bucketMs: load.bucketMs,
      method: load.method,
      headers: load.headers,
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
    target: { ...scenario.target, app: appWithoutSecrets(scenario.target.app) },
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

/** A command's environment (API_TOKEN=…) by the same rule as headers: names and values that say they are secrets. */
function appWithoutSecrets(app: AppTarget): AppTarget {
  return app.kind === 'command' ? { ...app, env: redactHeaders(app.env) } : app;
}

/** Loads, validates (exit 3 on problems) and resolves a scenario file; warnings go to stderr. */
export async function loadRunSpec(file: string, io: { stderr: NodeJS.WritableStream }): Promise<RunSpec> {
  const { scenario, warnings } = await loadScenarioFile(file);
  for (const warning of warnings) io.stderr.write(`${MESSAGE_PREFIX}${formatProblem(warning)} (warning)\n`);
  return toRunSpec(scenario, basename(file));
}
