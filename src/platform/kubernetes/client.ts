import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

/** The typed API groups the platform calls, made once from one KubeConfig. */
export interface KubeClients {
  kubeConfig: KubeConfig;
  apps: AppsV1Api;
  core: CoreV1Api;
  discovery: DiscoveryV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
}

export function makeClients(kubeConfig: KubeConfig): KubeClients {
  return {
    kubeConfig,
    apps: kubeConfig.makeApiClient(AppsV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
    discovery: kubeConfig.makeApiClient(DiscoveryV1Api),
    autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
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

/** A server timestamp on the performance.now() clock, the clock of every timeline event. */
export function serverTimeToClock(epochMs: number): number {
  return performance.now() - (Date.now() - epochMs);
}
