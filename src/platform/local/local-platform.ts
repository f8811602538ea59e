import { mkdir } from 'node:fs/promises';
// Temporary exception to "nothing but cli imports cluster/" (issue 11 ends it): see pod.ts.
import { freePort } from '../../cluster/kubelet/ports.js';
import type { ProbeSpec } from '../../cluster/kubelet/probe.js';
import type { DisruptionBudget } from '../../core/disruption-budget.js';
import { RollbenchError } from '../../core/errors.js';
import type { ResourceSample } from '../../core/resource-sample.js';
import type { IntOrPercent } from '../../core/rolling-update.js';
import type { TimelineEvent, TimelineEventType, TimelineSink } from '../../core/timeline.js';
import type { WorkloadSettings } from '../../core/workload.js';
import type {
  ActionReport,
  Platform,
  PlatformAction,
  PlatformCapabilities,
  PlatformInfo,
  RestoreReport,
} from '../types.js';
import { type AppSpec, launchFor } from './app-command.js';
import { LocalDeployment } from './deployment.js';
import { drainNode, EVICTION_RETRY_MS, RefusedEvictions } from './drain.js';
import { Pod, type TerminationSpec } from './pod.js';
import { ProcSampler } from './proc-sampler.js';
import { type LocalProxy, type ProxyEvent, type ProxyMode, startProxy } from './proxy/index.js';

/** Everything the local platform needs to know about the target (times in ms). */
export interface LocalTargetSpec {
  /** Deployment name; pods are named `<name>-r<revision>-<n>`. */
  name: string;
  app: AppSpec;
  replicas: number;
  readinessProbe: ProbeSpec;
  termination: TerminationSpec;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  minReadyMs: number;
  proxy: { mode: ProxyMode; propagationDelayMs: number; jitterMs: number };
  /** Node names to spread pods over (none: pods have no node). */
  nodes: string[];
  /** The PodDisruptionBudget a drain's evictions must respect; none: evictions are never refused. */
  podDisruptionBudget?: DisruptionBudget;
  /** Pause before asking again after a refused eviction, ms; default 5000 (`kubectl drain`). */
  evictionRetryMs?: number;
  /** Longest the replicas may take to become ready at start, ms. */
  startTimeoutMs: number;
  /** Where per-pod log files go. */
  logDir: string;
}

/** What a local rollout's `extension` carries: the app the new revision runs (absent: the same app again). */
export interface LocalRolloutExtension {
  app: AppSpec;
}

/** The one container of a local replica, as `sample()` and `settings()` name it. */
const CONTAINER = 'app';

// The proxy's endpoint changes go into the timeline. Its `upstream-error` events do not: there is one per failed
// request, and the load result already counts those requests per outcome and per pod (x-rollbench-upstream).
const proxyEventTypes: Record<string, TimelineEventType> = {
  'endpoint-add-requested': 'endpoint-add-requested',
  'endpoint-added': 'endpoint-added',
  'endpoint-remove-requested': 'endpoint-remove-requested',
  'endpoint-removed': 'endpoint-removed',
};

/**
 * The embedded platform: each replica a real process on loopback, behind a local proxy that plays the
 * Service (with its endpoint-propagation delay), managed by a local Deployment controller.
 */
export class LocalPlatform implements Platform {
  readonly #spec: LocalTargetSpec;
  /** Where events go once `observe()` is called; until then they wait in `#pending`. */
  #sink: TimelineSink | undefined;
  readonly #pending: TimelineEvent[] = [];
  #started = false;
  readonly #sampler = new ProcSampler({
    targets: () =>
      this.#allPods
        // Every replica still running, terminating ones too: their shutdown costs count.
        .filter((pod) => pod.phase !== 'exited' && pod.pid !== undefined)
        .map((pod) => ({ pod: pod.name, pid: pod.pid as number })),
  });
  #proxy: LocalProxy | undefined;
  #deployment: LocalDeployment | undefined;
  readonly #allPods: Pod[] = [];
  #podCounter = 0;
  readonly #appByRevision = new Map<number, AppSpec>();
  /** Nodes no new pod is placed on; a drain cordons its node for the rest of the run, `restore()` uncordons. */
  readonly #cordoned = new Set<string>();
  /** What the action under way is waiting for, if it can say. */
  #activity: (() => string | undefined) | undefined;

  constructor(spec: LocalTargetSpec) {
    this.#spec = spec;
  }

  describe(): PlatformInfo {
    const { replicas, proxy } = this.#spec;
    return {
      name: 'local',
      description: `local: ${replicas} replica processes behind an ${proxy.mode} proxy (endpoint propagation ${proxy.propagationDelayMs} ms)`,
    };
  }

  capabilities(): PlatformCapabilities {
    return { actions: ['rollout', 'scale', 'drain', 'deletePod'], metrics: true };
  }

  async start(signal: AbortSignal): Promise<{ url: string }> {
    await mkdir(this.#spec.logDir, { recursive: true });
    this.#proxy = await startProxy({
      mode: this.#spec.proxy.mode,
      propagationDelayMs: this.#spec.proxy.propagationDelayMs,
      jitterMs: this.#spec.proxy.jitterMs,
      onEvent: (event: ProxyEvent) => {
        const type = proxyEventTypes[event.type];
        if (type) this.#emit({ atMs: event.atMs, type, pod: event.endpoint });
      },
    });
    const deployment = new LocalDeployment(
      {
        replicas: this.#spec.replicas,
        maxSurge: this.#spec.maxSurge,
        maxUnavailable: this.#spec.maxUnavailable,
        minReadyMs: this.#spec.minReadyMs,
      },
      { createPod: (revision) => this.#createPod(revision), deletePod: (pod) => this.#deletePod(pod) },
    );
    this.#deployment = deployment;
    const timeout = AbortSignal.timeout(this.#spec.startTimeoutMs);
    try {
      await deployment.start(AbortSignal.any([signal, timeout]));
    } catch (err) {
      if (timeout.aborted && !signal.aborted) {
        const crash = this.#allPods.findLast((pod) => pod.crashed);
        throw new RollbenchError(
          'REPLICAS_NOT_READY',
          `the replicas did not all become ready within ${this.#spec.startTimeoutMs} ms` +
            (crash ? ` (${crash.name} ${crash.exitDetail ?? 'exited'})` : ''),
          { exit: 'platformUnavailable', hint: `see the pod logs in ${this.#spec.logDir}` },
        );
      }
      throw err;
    }
    this.#started = true;
    return { url: this.#proxy.url };
  }

  async observe(sink: TimelineSink, signal: AbortSignal): Promise<void> {
    for (const event of this.#pending.splice(0)) sink(event);
    if (signal.aborted) return;
    this.#sink = sink;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.#sink = undefined;
  }

  /** CPU and memory of every replica's process tree, from /proc (a replica's first reading yields none). */
  sample(): Promise<ResourceSample[]> {
    return this.#sampler.sampleOnce();
  }

  async settings(): Promise<WorkloadSettings> {
    const { name, termination, readinessProbe: probe } = this.#spec;
    return {
      name,
      replicas: this.#deployment?.replicas ?? this.#spec.replicas,
      strategy: { type: 'RollingUpdate', maxSurge: this.#spec.maxSurge, maxUnavailable: this.#spec.maxUnavailable },
      minReadySeconds: this.#spec.minReadyMs / 1000,
      terminationGracePeriodSeconds: termination.gracePeriodMs / 1000,
      containers: [
        {
          name: CONTAINER,
          ...(termination.preStopMs > 0 ? { preStop: { sleepSeconds: termination.preStopMs / 1000 } } : {}),
          readinessProbe: {
            periodSeconds: probe.periodMs / 1000,
            initialDelaySeconds: probe.initialDelayMs / 1000,
            failureThreshold: probe.failureThreshold,
            successThreshold: probe.successThreshold,
            timeoutSeconds: probe.timeoutMs / 1000,
          },
        },
      ],
    };
  }

  async act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport> {
    const deployment = this.#deployment;
    if (!deployment) throw new Error('act() before start()');
    const startedMs = performance.now();
    let report: { created: string[]; deleted: string[]; blockedMs?: number };
    switch (action.type) {
      case 'rollout': {
        if (action.change.kind !== 'restart') {
          throw new RollbenchError('UNSUPPORTED_ACTION', `rollout: a local target cannot ${action.change.kind}`, {
            exit: 'invalidInput',
            hint: 'a local rollout restarts the replicas, or runs a new `app:`',
          });
        }
        // The pod template of the next revision: the new app if the rollout brings one.
        const next = (action.extension as LocalRolloutExtension | undefined)?.app;
        this.#appByRevision.set(deployment.revision + 1, next ?? this.#appFor(deployment.revision));
        report = await deployment.rollout(signal);
        break;
      }
      case 'scale':
        report = await deployment.scale(action.replicas, signal);
        break;
      case 'deletePod': {
        const running = deployment.pods().filter((pod) => pod.phase === 'running');
        const pod =
          action.pod === 'random'
            ? running[Math.floor(Math.random() * running.length)]
            : running.find((candidate) => candidate.name === action.pod);
        if (!pod) {
          throw new RollbenchError('NO_SUCH_POD', `deletePod: no running pod named "${action.pod}"`, {
            exit: 'invalidInput',
            hint: `running pods: ${running.map((candidate) => candidate.name).join(', ') || 'none'}`,
          });
        }
        report = await deployment.deletePod(pod, signal);
        break;
      }
      case 'drain': {
        this.#cordon(action.node);
        const refused = new RefusedEvictions();
        this.#activity = () => {
          const waiting = refused.describe();
          return waiting === undefined ? undefined : `drain ${action.node}: ${waiting}`;
        };
        try {
          const drained = await drainNode(
            action.node,
            {
              deployment,
              budget: this.#spec.podDisruptionBudget,
              evictionRetryMs: this.#spec.evictionRetryMs ?? EVICTION_RETRY_MS,
              deletePod: (pod) => this.#deletePod(pod),
              emit: (event) => this.#emit({ atMs: performance.now(), ...event }),
              refused,
            },
            signal,
          );
          report = { created: drained.created, deleted: drained.evicted, blockedMs: drained.blockedMs };
        } finally {
          this.#activity = undefined;
        }
        break;
      }
    }
    return {
      id: action.id,
      startedMs,
      finishedMs: performance.now(),
      podsReplaced: report.deleted,
      podsCreated: report.created,
      ...(report.blockedMs === undefined ? {} : { blockedMs: report.blockedMs }),
    };
  }

  /** Uncordons the drained nodes, stops every replica (SIGKILL: the run is over) and the proxy; never throws. */
  async restore(): Promise<RestoreReport> {
    const restored: string[] = [];
    for (const node of this.#cordoned) {
      this.#emit({ atMs: performance.now(), type: 'node-uncordoned', subject: node });
      restored.push(`uncordoned ${node}`);
    }
    this.#cordoned.clear();
    const running = this.#allPods.filter((pod) => pod.phase !== 'exited').length;
    await Promise.allSettled(this.#allPods.map((pod) => pod.kill()));
    if (running > 0) restored.push(`stopped ${running} replica process${running === 1 ? '' : 'es'}`);
    if (this.#proxy) restored.push('stopped the proxy');
    await this.#proxy?.close().catch(() => {});
    return { restored, leftChanged: [] };
  }

  /**
   * What the platform is waiting for, for people: during start-up, "1 of 3 replicas ready"; during a drain,
   * "drain node-a: 1 eviction refused by the PDB, …".
   */
  activity(): string | undefined {
    if (!this.#started) return `${this.readyReplicas()} of ${this.#spec.replicas} replicas ready`;
    return this.#activity?.();
  }

  /** The Service's URL (the local proxy's), once start() has brought the proxy up. */
  get url(): string | undefined {
    return this.#proxy?.url;
  }

  /** Replicas running and ready now: how far start() has got, say. */
  readyReplicas(): number {
    return this.#allPods.filter((pod) => pod.phase === 'running' && pod.ready).length;
  }

  /** Every pod started during the run, for reports (names, pids). */
  pods(): readonly Pod[] {
    return this.#allPods;
  }

  async #createPod(revision: number): Promise<Pod> {
    const name = `${this.#spec.name}-r${revision}-${++this.#podCounter}`;
    const port = await freePort();
    const pod = new Pod({
      name,
      revision,
      node: this.#placeNode(name),
      port,
      launch: launchFor(this.#appFor(revision), port, name),
      probe: this.#spec.readinessProbe,
      logDir: this.#spec.logDir,
      emit: (type, subject, detail) =>
        this.#emit({ atMs: performance.now(), type, pod: subject.name, ...(detail === undefined ? {} : { detail }) }),
      onChange: (changed) => this.#onPodChange(changed),
    });
    this.#allPods.push(pod);
    return pod;
  }

  #emit(event: TimelineEvent): void {
    if (this.#sink) this.#sink(event);
    else this.#pending.push(event);
  }

  #appFor(revision: number): AppSpec {
    return this.#appByRevision.get(revision) ?? this.#spec.app;
  }

  #onPodChange(pod: Pod): void {
    // The endpoints controller: a pod is an endpoint while it is running and ready; a terminating pod is
    // removed at once (the proxy then applies the removal after its propagation delay).
    if (pod.phase === 'running' && pod.ready) this.#proxy?.addEndpoint(pod.name, pod.port);
    else this.#proxy?.removeEndpoint(pod.name);
    this.#deployment?.notify();
  }

  #deletePod(pod: Pod): void {
    void pod.terminate(this.#spec.termination);
  }

  // `kubectl cordon`: the node stays, its pods keep running, the scheduler places nothing new on it.
  #cordon(node: string): void {
    if (!this.#spec.nodes.includes(node)) {
      throw new RollbenchError('NO_SUCH_NODE', `drain: no node named "${node}"`, {
        exit: 'invalidInput',
        hint: `nodes: ${this.#spec.nodes.join(', ') || 'none (list them in target.nodes)'}`,
      });
    }
    if (this.#cordoned.has(node)) return;
    this.#cordoned.add(node);
    this.#emit({ atMs: performance.now(), type: 'node-cordoned', subject: node });
  }

  // Like the default scheduler's spreading: the schedulable node with the fewest pods that still occupy it.
  #placeNode(name: string): string | undefined {
    if (this.#spec.nodes.length === 0) return undefined;
    const schedulable = this.#spec.nodes.filter((node) => !this.#cordoned.has(node));
    if (schedulable.length === 0) {
      // Kubernetes would leave the pod Pending; a local replica is a process that has to run somewhere.
      throw new RollbenchError('UNSCHEDULABLE', `no node to place pod ${name} on: every node is cordoned`, {
        exit: 'invalidInput',
        hint: 'list one more node in target.nodes than the scenario drains',
      });
    }
    const load = new Map(schedulable.map((node) => [node, 0]));
    for (const pod of this.#allPods) {
      if (pod.phase !== 'exited' && pod.node !== undefined && load.has(pod.node))
        load.set(pod.node, (load.get(pod.node) ?? 0) + 1);
    }
    return [...load].sort((a, b) => a[1] - b[1])[0]?.[0];
  }
}
