import type { KubeConfig, V1Deployment } from '@kubernetes/client-node';
import { PlatformError } from '../../core/errors.js';
import type { ActionContext } from './action-context.js';
import { ActionPods } from './action-pods.js';
import { deletePod } from './actions/delete-pod.js';
import { drain } from './actions/drain.js';
import { patchTemplate, rolledOut, rollout } from './actions/rollout.js';
import { scale } from './actions/scale.js';
import { isNotFound } from './api-errors.js';
import { apiFailure } from './api-failure.js';
import { type KubeClients, makeClients } from './client.js';
import { observe } from './observe.js';
import { RestoreLedger } from './restore-ledger.js';
import { PodMetricsSampler } from './sample.js';
import { labelSelectorText } from './selector.js';
import { workloadSettings } from './settings.js';
import type {
  ActionReport,
  Platform,
  PlatformAction,
  PlatformCapabilities,
  PlatformInfo,
  ResourceSample,
  RestoreReport,
  TimelineEvent,
  TimelineSink,
  WorkloadSettings,
} from './types.js';
import { resolveUrl } from './url.js';

export interface KubernetesPlatformOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  deployment: string;
  /** The Service whose EndpointSlices are watched and whose NodePort is loaded; default: the deployment's name. */
  service?: string;
  /** Where the load goes; default: the Service's NodePort on 127.0.0.1 when the API server is loopback. */
  url?: string;
  /** Said once per cause: the metrics API missing, a watch retrying, drain warnings. */
  onWarning?: (message: string) => void;
  /** The deadline of every API call but a watch, retries included, ms; default 30 000. */
  requestTimeoutMs?: number;
}

/** Every scenario on any cluster, through the Kubernetes API with kubectl's semantics. */
export class KubernetesPlatform implements Platform {
  readonly #options: KubernetesPlatformOptions;
  readonly #clients: KubeClients;
  readonly #ledger: RestoreLedger;
  readonly #sampler: () => PodMetricsSampler;
  #podSelector: string | undefined;
  #metrics = true;
  #activity: string | undefined;
  readonly #sinks = new Set<TimelineSink>();
  readonly #warned = new Set<string>();

  constructor(options: KubernetesPlatformOptions) {
    this.#options = options;
    this.#clients = makeClients(options.kubeConfig, options.requestTimeoutMs);
    this.#ledger = new RestoreLedger(this.#clients, options.namespace, options.deployment);
    let sampler: PodMetricsSampler | undefined;
    this.#sampler = () => {
      sampler ??= new PodMetricsSampler(this.#clients, options.namespace, this.#podSelector ?? '');
      return sampler;
    };
  }

  describe(): PlatformInfo {
    const { kubeConfig, namespace, deployment } = this.#options;
    const server = kubeConfig.getCurrentCluster()?.server ?? 'no server';
    return {
      name: 'kubernetes',
      description: `context ${kubeConfig.getCurrentContext()} (${server}), deployment ${namespace}/${deployment}`,
    };
  }

  capabilities(): PlatformCapabilities {
    return { actions: ['rollout', 'scale', 'drain', 'deletePod'], metrics: this.#metrics };
  }

  activity(): string | undefined {
    return this.#activity;
  }

  async start(signal: AbortSignal): Promise<{ url: string }> {
    try {
      return await this.#start(signal);
    } catch (error) {
      const { namespace, deployment } = this.#options;
      throw apiFailure(error, `deployment ${namespace}/${deployment}`, this.#options.kubeConfig);
    }
  }

  async #start(signal: AbortSignal): Promise<{ url: string }> {
    const deployment = await this.#readDeployment();
    this.#podSelector = labelSelectorText(deployment.spec?.selector);
    await rolledOut(this.#context(), signal);
    this.#activity = undefined;
    const url = await resolveUrl(this.#clients, {
      namespace: this.#options.namespace,
      service: this.#service(),
      ...(this.#options.url === undefined ? {} : { url: this.#options.url }),
    });
    if (!(await this.#sampler().served())) this.#metricsMissing();
    return { url };
  }

  async observe(sink: TimelineSink, signal: AbortSignal): Promise<void> {
    // Asked to observe, then stopped before the watches began (the pod selector is read first): still one list.
    const catchUp = !signal.aborted;
    this.#sinks.add(sink);
    try {
      await observe(
        {
          clients: this.#clients,
          namespace: this.#options.namespace,
          deployment: this.#options.deployment,
          service: this.#service(),
          podSelector: await this.#selector(),
          onWarning: (message) => this.#warn(message),
          catchUp,
        },
        sink,
        signal,
      );
    } finally {
      this.#sinks.delete(sink);
    }
  }

  async sample(): Promise<ResourceSample[]> {
    if (!this.#metrics) return [];
    await this.#selector();
    const samples = await this.#sampler().sample();
    if (samples !== undefined) return samples;
    this.#metricsMissing();
    return [];
  }

  #metricsMissing(): void {
    this.#metrics = false;
    this.#warn(
      'the cluster does not serve metrics.k8s.io: resource sampling skipped (install metrics-server for CPU and memory per container)',
    );
  }

  async settings(): Promise<WorkloadSettings> {
    return workloadSettings(await this.#readDeployment());
  }

  async act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport> {
    try {
      return await this.#act(action, signal);
    } catch (error) {
      throw apiFailure(error, action.id, this.#options.kubeConfig);
    }
  }

  async #act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport> {
    const startedMs = performance.now();
    const podSelector = await this.#selector();
    const context = this.#context();
    const pods = await ActionPods.open(this.#clients, this.#options.namespace, podSelector, signal, (message) =>
      this.#warn(message),
    );
    let blockedMs: number | undefined;
    let completed = false;
    try {
      switch (action.type) {
        case 'rollout':
          await rollout(context, action.change, signal);
          break;
        case 'scale':
          await scale(context, action.replicas, pods, signal);
          break;
        case 'drain':
          blockedMs = await drain(context, action.node, signal);
          break;
        case 'deletePod':
          await deletePod(context, action.pod, pods, signal);
          break;
      }
      completed = true;
    } finally {
      this.#activity = undefined;
      await pods.close({ catchUp: completed });
    }
    return {
      id: action.id,
      startedMs,
      finishedMs: performance.now(),
      podsRemoved: [...pods.removed],
      podsCreated: [...pods.created],
      ...(blockedMs === undefined ? {} : { blockedMs }),
    };
  }

  /**
   * Patches the Deployment's pod template (strategic merge) and waits for the rollout as `kubectl rollout status`
   * decides; `restore()` then puts back the fields it touched, as they were, and waits for that rollout too.
   */
  async patchTemplate(template: Record<string, unknown>, signal: AbortSignal): Promise<{ fields: string[] }> {
    await this.#selector();
    try {
      return await patchTemplate(this.#context(), template, signal);
    } finally {
      this.#activity = undefined;
    }
  }

  async restore(signal?: AbortSignal): Promise<RestoreReport> {
    try {
      return await this.#ledger.restore((wait) => rolledOut(this.#context(), wait), signal);
    } catch (error) {
      return { restored: [], leftChanged: [`restore failed: ${error instanceof Error ? error.message : error}`] };
    }
  }

  #service(): string {
    return this.#options.service ?? this.#options.deployment;
  }

  async #readDeployment(): Promise<V1Deployment> {
    const { namespace, deployment: name, kubeConfig } = this.#options;
    try {
      return await this.#clients.apps.readNamespacedDeployment({ name, namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw new PlatformError(
        `deployment "${name}" not found in namespace "${namespace}" (context "${kubeConfig.getCurrentContext()}")`,
        { code: 'KUBERNETES_NOT_FOUND' },
      );
    }
  }

  async #selector(): Promise<string> {
    this.#podSelector ??= labelSelectorText((await this.#readDeployment()).spec?.selector);
    return this.#podSelector;
  }

  #context(): ActionContext {
    return {
      clients: this.#clients,
      namespace: this.#options.namespace,
      deployment: this.#options.deployment,
      podSelector: this.#podSelector ?? '',
      ledger: this.#ledger,
      onWarning: (message) => this.#warn(message),
      emit: (event: TimelineEvent) => {
        for (const sink of this.#sinks) sink(event);
      },
      setActivity: (text) => {
        this.#activity = text;
      },
    };
  }

  #warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#options.onWarning?.(message);
  }
}
