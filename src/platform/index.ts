import { UPSTREAM_HEADER } from '../core/upstream-header.js';
import { loadKubeconfig } from './kubernetes/kubeconfig.js';
import { KubernetesPlatform } from './kubernetes/kubernetes-platform.js';
import { LocalPlatform, type LocalTargetSpec } from './local/local-platform.js';
import type { Platform } from './types.js';

export type { AppSpec, SampleAppSpec } from './local/app-command.js';
export type { LocalRolloutExtension } from './local/local-platform.js';
export type * from './types.js';

/** A local target: replicas as processes on this machine (everything but where pod logs go, which the run says). */
export type LocalTarget = { platform: 'local' } & Omit<LocalTargetSpec, 'logDir' | 'onWarning'>;

/**
 * A Deployment on a cluster, and how to reach the cluster (kubectl's `--kubeconfig`, `--context`; `namespace`
 * is `-n`, else the scenario's). Unset: as kubectl would (KUBECONFIG, the context's namespace, else "default").
 */
export interface KubernetesTarget {
  platform: 'kubernetes';
  deployment: string;
  namespace?: string;
  /** The Service whose EndpointSlices are watched and whose NodePort is loaded; default: the deployment name. */
  service?: string;
  /** Where the load goes; default: the Service's NodePort on 127.0.0.1 when the API server is on loopback. */
  url?: string;
  kubeconfig?: string;
  context?: string;
}

/** Where a run's workload is, keyed by `platform`: what `run` hands the registry to get its Platform. */
export type PlatformTarget = LocalTarget | KubernetesTarget;

export type PlatformName = PlatformTarget['platform'];

/** What the run gives every platform besides its target. */
export interface PlatformContext {
  /** Where per-pod logs go (local). */
  logDir: string;
  /** Told once per cause what the platform could not do but ran without (no metrics API, a watch retrying). */
  onWarning?: (message: string) => void;
}

interface PlatformEntry<T extends PlatformTarget> {
  create(target: T, context: PlatformContext): Platform;
  /** Response headers, besides the app's own, that name the pod a request reached (a proxy's error names it). */
  podHeaders: readonly string[];
  /** What `start()` brings up or checks, in a few words: "3 replicas", "deployment default/web". */
  describeTarget(target: T): string;
  /** The plan's first and last steps for people: what start() does, and what restore() does. */
  planStart(target: T): string;
  planRestore: string;
}

type Entries = { [K in PlatformName]: PlatformEntry<Extract<PlatformTarget, { platform: K }>> };

// One entry per platform a scenario can name; explicit, no registration by import side effect.
const platforms: Entries = {
  local: {
    create: ({ platform: _platform, ...target }, { logDir, onWarning }) =>
      new LocalPlatform({ ...target, logDir, ...(onWarning === undefined ? {} : { onWarning }) }),
    podHeaders: [UPSTREAM_HEADER],
    describeTarget: (target) => `${target.replicas} replica${target.replicas === 1 ? '' : 's'}`,
    planStart: (target) =>
      `start an embedded cluster (${Math.max(target.nodes.length, 1)} node${target.nodes.length > 1 ? 's' : ''}), create the deployment with ${target.replicas} replicas (${'sampleApp' in target.app ? 'built-in sample app' : 'your command'}) behind an ${target.proxy.mode} kube-proxy, wait until all are ready`,
    planRestore:
      'nodes the run cordoned are uncordoned, then the embedded cluster and every replica process are stopped; the result is written',
  },
  kubernetes: {
    create: (target, { onWarning }) => {
      // Like kubectl: --kubeconfig, else KUBECONFIG merged, else ~/.kube/config, else in-cluster.
      const config = loadKubeconfig({
        ...(target.kubeconfig === undefined ? {} : { kubeconfig: target.kubeconfig }),
        ...(target.context === undefined ? {} : { context: target.context }),
        ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
      });
      return new KubernetesPlatform({
        kubeConfig: config.kubeConfig,
        namespace: config.namespace,
        deployment: target.deployment,
        ...(target.service === undefined ? {} : { service: target.service }),
        ...(target.url === undefined ? {} : { url: target.url }),
        ...(onWarning === undefined ? {} : { onWarning }),
      });
    },
    // The embedded cluster's kube-proxy names the pod behind its 502s as the local proxy does.
    podHeaders: [UPSTREAM_HEADER],
    describeTarget: (target) =>
      `deployment ${target.namespace === undefined ? '' : `${target.namespace}/`}${target.deployment}`,
    planStart: (target) =>
      `check that deployment ${target.namespace ?? '(the context’s namespace)'}/${target.deployment} exists and is rolled out, as kubectl rollout status decides`,
    planRestore: 'nodes the run cordoned are uncordoned and replicas it scaled restored; the result is written',
  },
};

function entryOf<T extends PlatformTarget>(target: T): PlatformEntry<T> {
  return platforms[target.platform] as unknown as PlatformEntry<T>;
}

/** The platform `target.platform` names, for one run. */
export function createPlatform(target: PlatformTarget, context: PlatformContext): Platform {
  return entryOf(target).create(target, context);
}

/** The response headers, besides the app's own, that name a pod on this target's platform. */
export function platformPodHeaders(target: PlatformTarget): readonly string[] {
  return entryOf(target).podHeaders;
}

/** What a run of this target starts with, for people: "3 replicas". */
export function describeTarget(target: PlatformTarget): string {
  return entryOf(target).describeTarget(target);
}

/** The plan's first and last steps for this target: what start() does, and what restore() does. */
export function planOf(target: PlatformTarget): { start: string; restore: string } {
  const entry = entryOf(target);
  return { start: entry.planStart(target), restore: entry.planRestore };
}
