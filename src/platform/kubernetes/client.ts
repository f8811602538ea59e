import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  DiscoveryV1Api,
  type KubeConfig,
  PatchStrategy,
  PolicyV1Api,
  ServerConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { apiTransport, DEFAULT_REQUEST_TIMEOUT_MS } from './transport.js';

/** The typed API groups the platform calls, made once from one KubeConfig. */
export interface KubeClients {
  kubeConfig: KubeConfig;
  /** The deadline of each call, ms; what waits on a watch gives up after the server is silent this long. */
  requestTimeoutMs: number;
  apps: AppsV1Api;
  core: CoreV1Api;
  discovery: DiscoveryV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
  policy: PolicyV1Api;
}

/**
 * The API groups, every call through `apiTransport` (a deadline on each call, client-go's retries); like
 * `KubeConfig.makeApiClient`, which offers no way to give the transport.
 */
export function makeClients(
  kubeConfig: KubeConfig,
  requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): KubeClients {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('No active cluster!');
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kubeConfig },
    httpApi: apiTransport({ requestTimeoutMs }),
  });
  return {
    kubeConfig,
    requestTimeoutMs,
    apps: new AppsV1Api(configuration),
    core: new CoreV1Api(configuration),
    discovery: new DiscoveryV1Api(configuration),
    autoscaling: new AutoscalingV2Api(configuration),
    custom: new CustomObjectsApi(configuration),
    policy: new PolicyV1Api(configuration),
  };
}

/** The client sends JSON Patch unless told otherwise: what kubectl sends for rollout restart, set image, cordon. */
export const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
/** What `kubectl scale` sends to the scale subresource. */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Epoch ms of an API timestamp: typed calls give Dates, watches give RFC 3339 strings. */
export function timeMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The wall clock minus performance.now(), taken once: Date.now() ticks in whole ms, so a fresh difference per call
 * would date two server times 5 s apart 4,999–5,001 ms apart. Taken again only when the wall clock was stepped. */
let wallMinusClockMs: number | undefined;
const WALL_CLOCK_STEP_MS = 50;

/** A server timestamp on the performance.now() clock, the clock of every timeline event. */
export function serverTimeToClock(epochMs: number): number {
  const nowMs = performance.now();
  const sampleMs = Date.now() - nowMs;
  if (wallMinusClockMs === undefined || Math.abs(sampleMs - wallMinusClockMs) > WALL_CLOCK_STEP_MS) {
    wallMinusClockMs = sampleMs;
  }
  return epochMs - wallMinusClockMs;
}
