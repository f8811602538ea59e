import { randomBytes } from 'node:crypto';
import { ApiFaults } from './api/faults.js';
import type { KubeObject } from './api/object.js';
import { Registry } from './api/registry.js';
import type { ResourceType } from './api/resource-type.js';
import { type ApiServer, startApiServer } from './api/server.js';
import { ObjectStore } from './api/store.js';
import { bootstrap } from './bootstrap.js';
import { deploymentController } from './controllers/deployment.js';
import { disruptionController } from './controllers/disruption.js';
import { endpointSliceControllerLoop } from './controllers/endpoint-slice.js';
import { garbageCollector } from './controllers/garbage-collector.js';
import { namespaceController } from './controllers/namespace.js';
import { replicaSetController } from './controllers/replica-set.js';
import { runControllers } from './controllers/runtime.js';
import { scheduler } from './controllers/scheduler.js';
import { unstartedPodFinalizer } from './controllers/unstarted-pods.js';
import { kubelet } from './kubelet/kubelet.js';
import { ResourceUsage, type RunningContainer } from './kubelet/resource-usage.js';
import { type KubeProxySettings, kubeProxy } from './proxy/kube-proxy.js';
import { selfSubjectAccessReviews } from './resources/authorization.js';
import { deployments } from './resources/deployments.js';
import { endpointSlices } from './resources/endpoint-slices.js';
import { events } from './resources/events.js';
import { evictionHandler } from './resources/eviction.js';
import { nodeMetricsType, podMetricsType, type UsageSource } from './resources/metrics.js';
import { namespaces } from './resources/namespaces.js';
import { nodes } from './resources/nodes.js';
import { podDisruptionBudgets } from './resources/pod-disruption-budgets.js';
import { podLogHandler } from './resources/pod-log.js';
import { pods } from './resources/pods.js';
import { replicaSets } from './resources/replica-sets.js';
import { services } from './resources/services.js';
import { selfSignedCertificate } from './tls/self-signed.js';

export interface ClusterOptions {
  /** API port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** How many nodes, named `node-1` … unless `nodeNames` names them. */
  nodeCount: number;
  /** The nodes' names (`nodeCount` is then their number). */
  nodeNames?: readonly string[];
  /** Where pod logs live (`logs/<namespace>/<pod>/<container>.log`). */
  dataDir: string;
  /** The bearer token clients must send; a random one when absent. */
  token?: string;
  /** Writes kept for resuming watches; older versions answer 410 Gone. */
  watchHistory?: number;
  /** How often a watch that allows bookmarks gets one (the apiserver: one minute). */
  bookmarkIntervalMs?: number;
  proxy?: KubeProxySettings;
  /**
   * Whether the node agents run (the default): the kubelet, which runs pods as local processes, and the
   * kube-proxy, which listens on NodePorts. Off, pods stay as the scheduler left them: for tests that play the
   * kubelet themselves through `/status`.
   */
  runPods?: boolean;
  /**
   * Whether `Cluster.faults` exists: watch drops, error answers and history compaction on command, for tests of
   * clients against this server. Off by default, and no CLI flag turns it on.
   */
  injectFaults?: boolean;
  /** How often the kubelet reads `/proc` and the span `metrics.k8s.io` rates CPU over (`ResourceUsage`). */
  metrics?: { intervalMs?: number; windowMs?: number };
  /**
   * The CPU priority of every pod's processes, as a Linux nice value (0–19; default 0, as this process): above 0,
   * pods give way to other work on this machine, such as a load generator (see `kubelet/cpu-nice.ts`).
   */
  podNice?: number;
  /** Where a controller's unexpected failure is reported; standard error by default. */
  logError?: (message: string) => void;
}

export interface Cluster {
  url: string;
  token: string;
  /** The server's self-signed certificate: the CA a client must trust. */
  caPem: string;
  nodes: KubeObject[];
  registry: Registry;
  proxy: KubeProxySettings;
  /** Present with `injectFaults: true`. */
  faults?: ApiFaults;
  close(): Promise<void>;
}

/** Every kind the server serves, pods with their kubelet-facing subresources wired to this cluster's data. */
function resourceTypes(dataDir: string, usage: UsageSource): ResourceType[] {
  return [
    namespaces,
    nodes,
    { ...pods, handlers: { log: podLogHandler(dataDir), eviction: evictionHandler } },
    services,
    events,
    deployments,
    replicaSets,
    endpointSlices,
    podDisruptionBudgets,
    selfSubjectAccessReviews,
    podMetricsType(usage),
    nodeMetricsType(usage),
  ];
}

/** Starts the embedded cluster: the API server on loopback over a fresh store, with its namespaces and nodes. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const store = new ObjectStore(options.watchHistory);
  let runningContainers: () => RunningContainer[] = () => [];
  const usage = new ResourceUsage({ containers: () => runningContainers(), ...options.metrics });
  const registry = new Registry(store, resourceTypes(options.dataDir, usage), namespaces);
  const tls = selfSignedCertificate('rollbench-cluster');
  const faults = options.injectFaults === true ? new ApiFaults(store) : undefined;
  const server: ApiServer = await startApiServer(registry, {
    port: options.port,
    token,
    tls,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    ...(faults === undefined ? {} : { faults }),
  });
  const created = bootstrap(registry, options.nodeNames ?? options.nodeCount, server.port);
  const logError = options.logError ?? ((message) => process.stderr.write(`rollbench cluster: ${message}\n`));
  const proxySettings = options.proxy ?? { mode: 'l7', endpointPropagationDelayMs: 1000 };
  const agents =
    options.runPods === false
      ? undefined
      : {
          kubelet: kubelet(registry, { dataDir: options.dataDir, podNice: options.podNice ?? 0 }, logError),
          kubeProxy: kubeProxy(registry, proxySettings, logError),
        };
  if (agents !== undefined) {
    runningContainers = agents.kubelet.runningContainers;
    usage.start();
  }
  const controllers = runControllers(
    store,
    [
      scheduler(registry),
      replicaSetController(registry),
      deploymentController(registry),
      endpointSliceControllerLoop(registry),
      disruptionController(registry),
      garbageCollector(registry, [replicaSets, pods, endpointSlices]),
      namespaceController(registry),
      unstartedPodFinalizer(registry),
      ...(agents === undefined ? [] : [agents.kubelet.controller, agents.kubeProxy.controller]),
    ],
    logError,
  );
  return {
    url: server.url,
    token,
    caPem: tls.certPem,
    nodes: created,
    registry,
    proxy: proxySettings,
    ...(faults === undefined ? {} : { faults }),
    close: async () => {
      usage.stop();
      controllers.stop();
      await agents?.kubeProxy.close();
      await agents?.kubelet.close();
      await server.close();
    },
  };
}
