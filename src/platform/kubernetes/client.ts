import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  type KubeConfig,
  PatchStrategy,
  PolicyV1Api,
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
  policy: PolicyV1Api;
}

export function makeClients(kubeConfig: KubeConfig): KubeClients {
  return {
    kubeConfig,
    apps: kubeConfig.makeApiClient(AppsV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
    discovery: kubeConfig.makeApiClient(DiscoveryV1Api),
    autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    policy: kubeConfig.makeApiClient(PolicyV1Api),
  };
}

/** The client sends JSON Patch unless told otherwise: what kubectl sends for rollout restart, set image, cordon. */
export const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
/** What `kubectl scale` sends to the scale subresource. */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The `Status` an API error carries, as far as the client hands it over. */
export interface ApiStatus {
  code: number;
  reason?: string;
  message?: string;
  causes: { reason?: string; message?: string }[];
}

/** The HTTP status and Status body of a failed call (the client leaves the body as text), or undefined. */
export function apiStatusOf(error: unknown): ApiStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  let status: { reason?: string; message?: string; details?: { causes?: ApiStatus['causes'] } } = {};
  try {
    status = typeof error.body === 'string' ? JSON.parse(error.body) : (error.body ?? {});
  } catch {
    // not JSON (a proxy's error page): the code alone
  }
  return {
    code: error.code,
    ...(status.reason === undefined ? {} : { reason: status.reason }),
    ...(status.message === undefined ? {} : { message: status.message }),
    causes: status.details?.causes ?? [],
  };
}

export function isNotFound(error: unknown): boolean {
  return apiStatusOf(error)?.code === 404;
}

/** A short sentence for people: the server's message when there is one, else the error's. */
export function describeError(error: unknown): string {
  const status = apiStatusOf(error);
  if (status !== undefined) return status.message ?? `HTTP ${status.code}`;
  return error instanceof Error ? error.message : String(error);
}

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
