import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { TargetError } from '../../core/errors.js';
import type { ResourceSample } from '../../core/resource-sample.js';
import type { PlatformProcess } from '../../core/run-result.js';
import type { TimelineEvent, TimelineSink } from '../../core/timeline.js';
import type { WorkloadSettings } from '../../core/workload.js';
import { type KubeClients, makeClients } from '../kubernetes/client.js';
import { loadKubeconfig } from '../kubernetes/kubeconfig.js';
import { KubernetesPlatform } from '../kubernetes/kubernetes-platform.js';
import type {
  ActionReport,
  Platform,
  PlatformAction,
  PlatformCapabilities,
  PlatformInfo,
  RestoreReport,
} from '../types.js';
import type { AppSpec } from './app-command.js';
import { ClusterProcess, type ClusterUsage } from './cluster-process.js';
import { watchCrashLoops } from './crash-loops.js';
import { appContainerFields, CONTAINER, type LocalWorkload, localManifests } from './manifests.js';
import { PodAliases } from './pod-aliases.js';
import { startUpTrouble } from './start-up-trouble.js';

/** Everything the local platform needs to know about the target (times in ms). */
export interface LocalTargetSpec extends LocalWorkload {
  proxy: { mode: 'l7' | 'l4'; propagationDelayMs: number; jitterMs: number };
  /** Node names to spread pods over (none: one node, `node-1`). */
  nodes: string[];
  /** Longest the replicas may take to become ready at start, ms. */
  startTimeoutMs: number;
  /** Where the embedded cluster keeps the pod logs; its kubeconfig goes beside it (`<parent>/kubeconfig`). */
  logDir: string;
  onWarning?: (message: string) => void;
}

/** What a local rollout's `extension` carries: the app the new revision runs (absent: the same app again). */
export interface LocalRolloutExtension {
  app: AppSpec;
}

/** The namespace the local workload lives in on its embedded cluster. */
const NAMESPACE = 'default';

/**
 * The local platform: an embedded Kubernetes cluster started as a child process for the run (its kubelet runs
 * each replica as a real process on loopback, its kube-proxy plays the Service with the endpoint-propagation
 * delay), the workload created in it as a Deployment, a NodePort Service and a PodDisruptionBudget, and
 * everything else — actions, watches, samples, restore — done through the Kubernetes platform, as on any
 * cluster. The local engine is reached only through the API.
 */
export class LocalPlatform implements Platform {
  readonly #spec: LocalTargetSpec;
  #cluster: ClusterProcess | undefined;
  #kube: KubernetesPlatform | undefined;
  /** Events seen since start-up began; they wait in `#pending` until `observe()` is called. */
  #sink: TimelineSink | undefined;
  readonly #pending: TimelineEvent[] = [];
  readonly #observing = new AbortController();
  #observed: Promise<void> | undefined;
  readonly #aliases = new PodAliases();
  #started = false;
  #kubeClients: KubeClients | undefined;
  #clusterUsage: ClusterUsage | undefined;
  /** The cluster's usage once the target was up: what it cost to start, apart from what the run cost it. */
  #startUpUsage: ClusterUsage | undefined;

  constructor(spec: LocalTargetSpec) {
    this.#spec = spec;
  }

  describe(): PlatformInfo {
    const { replicas, proxy } = this.#spec;
    const usage = this.#clusterUsage ?? this.#cluster?.usage();
    return {
      ...(usage === undefined ? {} : { processes: [clusterProcess(usage, this.#startUpUsage)] }),
      name: 'local',
      description: `local: ${replicas} replicas on an embedded cluster, ${proxy.mode} kube-proxy (endpoint propagation ${proxy.propagationDelayMs} ms)`,
    };
  }

  capabilities(): PlatformCapabilities {
    return { actions: ['rollout', 'scale', 'drain', 'deletePod'], metrics: true };
  }

  async start(signal: AbortSignal): Promise<{ url: string }> {
    const spec = this.#spec;
    // The cluster keeps its kubeconfig beside the logs folder (`kubectl --kubeconfig <out>/kubeconfig get pods`
    // works while the run goes on) and the pod logs in it: `logs/<namespace>/<pod>/<container>.log`.
    const dataDir = dirname(spec.logDir);
    await mkdir(dataDir, { recursive: true });
    this.#cluster = await ClusterProcess.start(
      { dataDir, nodes: spec.nodes.length > 0 ? spec.nodes : ['node-1'], proxy: spec.proxy },
      signal,
    );
    const { kubeConfig } = loadKubeconfig({ kubeconfig: this.#cluster.kubeconfigPath, env: {} });
    const kube = new KubernetesPlatform({
      kubeConfig,
      namespace: NAMESPACE,
      deployment: spec.name,
      ...(spec.onWarning === undefined ? {} : { onWarning: spec.onWarning }),
    });
    this.#kube = kube;
    const clients = makeClients(kubeConfig);
    this.#kubeClients = clients;
    const manifests = localManifests(spec);
    await clients.apps.createNamespacedDeployment({ namespace: NAMESPACE, body: manifests.deployment });
    // Watching from here on, the timeline holds start-up too: every pod created, started and ready.
    this.#observed = kube.observe((event) => this.#emit(event), this.#observing.signal);
    this.#observed.catch(() => {});
    await clients.core.createNamespacedService({ namespace: NAMESPACE, body: manifests.service });
    if (manifests.budget !== undefined) {
      await clients.policy.createNamespacedPodDisruptionBudget({ namespace: NAMESPACE, body: manifests.budget });
    }
    const timeout = AbortSignal.timeout(spec.startTimeoutMs);
    try {
      const { url } = await this.#guarded((guard) => kube.start(guard), AbortSignal.any([signal, timeout]));
      this.#started = true;
      this.#startUpUsage = this.#cluster.usage();
      return { url };
    } catch (error) {
      if (!timeout.aborted || signal.aborted) throw error;
      const pods = await clients.core
        .listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=${spec.name}` })
        .then((list): V1Pod[] => list.items)
        .catch((): V1Pod[] => []);
      const trouble = startUpTrouble(pods);
      throw new TargetError(
        `the replicas did not all become ready within ${spec.startTimeoutMs} ms${trouble ? ` (${trouble})` : ''}`,
        { code: 'REPLICAS_NOT_READY', hint: `see the pod logs in ${spec.logDir}` },
      );
    }
  }

  async observe(sink: TimelineSink, signal: AbortSignal): Promise<void> {
    for (const event of this.#pending.splice(0)) sink(event);
    if (signal.aborted) return;
    this.#sink = sink;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.#sink = undefined;
  }

  /** CPU and memory per pod, from the embedded cluster's metrics.k8s.io (read from /proc, like `kubectl top`). */
  sample(): Promise<ResourceSample[]> {
    return this.#kube?.sample() ?? Promise.resolve([]);
  }

  async settings(): Promise<WorkloadSettings> {
    if (this.#kube === undefined) throw new Error('settings() before start()');
    return this.#kube.settings();
  }

  async act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport> {
    const kube = this.#kube;
    if (kube === undefined) throw new Error('act() before start()');
    return this.#guarded((guard) => kube.act(this.#translate(action), guard), signal);
  }

  /** `work`, failed fast (CRASH_LOOP) when a revision's pods crash-loop while it waits. */
  async #guarded<T>(work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    const done = new AbortController();
    const guard = AbortSignal.any([signal, done.signal]);
    const selector = { namespace: NAMESPACE, labelSelector: `app=${this.#spec.name}` };
    const clients = this.#clientsOrThrow();
    // Resolves only once `guard` aborts, when `work` settles anyway: then it never settles the race.
    const crashes = watchCrashLoops(clients, selector, guard).then(() => new Promise<never>(() => {}));
    try {
      return await Promise.race([work(guard), crashes]);
    } finally {
      done.abort();
    }
  }

  /**
   * Undoes what the run changed through the API (uncordon, replicas), then stops the cluster and every pod with
   * it (the run is over: no grace); never throws.
   */
  async restore(): Promise<RestoreReport> {
    const report: RestoreReport = (await this.#kube?.restore()) ?? { restored: [], leftChanged: [] };
    this.#observing.abort();
    await this.#observed;
    if (this.#cluster !== undefined) {
      // Read before it stops: what the cluster used beside the generator, for the result.
      this.#clusterUsage = this.#cluster.usage();
      await this.#cluster.stop();
      report.restored.push('stopped the embedded cluster and every pod');
    }
    return report;
  }

  /**
   * What the platform is waiting for, for people: during start-up, "1 of 3 replicas ready"; during an action,
   * what it waits for.
   */
  activity(): string | undefined {
    if (!this.#started) return `${this.#aliases.readyCount()} of ${this.#spec.replicas} replicas ready`;
    return this.#kube?.activity();
  }

  /** The cluster process's pid, while it runs. */
  get clusterPid(): number | undefined {
    return this.#cluster?.pid;
  }

  /**
   * The neutral action as the cluster takes it: a rollout bringing a new app patches the container (with a
   * restart, so that the same app again still rolls); a pod named like `web-r1-2` is the second pod the run saw.
   */
  #translate(action: PlatformAction): PlatformAction {
    if (action.type === 'deletePod' && action.pod !== 'random') {
      return { ...action, pod: this.#aliases.resolve(action.pod) };
    }
    const app = action.type === 'rollout' ? (action.extension as LocalRolloutExtension | undefined)?.app : undefined;
    if (action.type !== 'rollout' || app === undefined) return action;
    return {
      type: 'rollout',
      id: action.id,
      change: {
        kind: 'patch',
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } },
          spec: { containers: [{ name: CONTAINER, ...appContainerFields(app) }] },
        },
      },
    };
  }

  #clientsOrThrow(): KubeClients {
    if (this.#kubeClients === undefined) throw new Error('the embedded cluster is not running');
    return this.#kubeClients;
  }

  #emit(event: TimelineEvent): void {
    this.#aliases.see(event);
    if (this.#sink) this.#sink(event);
    else this.#pending.push(event);
  }
}

/** The embedded cluster as a platform process: its CPU (start-up apart) and memory, its kube-proxy thread told apart. */
function clusterProcess(usage: ClusterUsage, startUp: ClusterUsage | undefined): PlatformProcess {
  const ofStartUp = (cpuMs: number | undefined) => (cpuMs === undefined ? {} : { startUpCpuMs: cpuMs });
  return {
    name: 'embedded cluster',
    cpuMs: usage.cpuMs,
    ...ofStartUp(startUp?.cpuMs),
    peakRssBytes: usage.peakRssBytes,
    note:
      usage.proxyCpuMs === undefined
        ? 'API server, controllers, kubelet, kube-proxy; pods not counted'
        : 'API server, controllers, kubelet; pods not counted',
    ...(usage.proxyCpuMs === undefined
      ? {}
      : { threads: [{ name: 'kube-proxy', cpuMs: usage.proxyCpuMs, ...ofStartUp(startUp?.proxyCpuMs) }] }),
  };
}
