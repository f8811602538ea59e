import { type KubeObject, kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { ApiError } from '../api/status.js';
import { type EventType, recordEvent } from '../controllers/events.js';
import { containerLogPath } from '../resources/pod-log.js';
import { pods } from '../resources/pods.js';
import { containerEnv, containerLaunch, containerPort, type PodContext } from './container-launch.js';
import { type ContainerProbe, containerProbe, type ProbeKind } from './container-probe.js';
import { type ContainerRecord, type PodPhase, podStatus, terminatedState } from './pod-status.js';
import { preStopHook } from './pre-stop.js';
import { Prober } from './probe.js';
import { ContainerProcess, type ProcessExit, stopInOrder } from './process.js';
import type { ProcessLaunch } from './process-launch.js';
import type { RunningContainer } from './resource-usage.js';

// biome-ignore lint/suspicious/noExplicitAny: a container spec is open JSON.
type Json = any;

/** The kubelet's `minimumGracePeriodInSeconds`: SIGTERM always gets this long before SIGKILL. */
const minimumStopMs = 2000;
/** The kubelet's crash back-off from the second restart on: 10 s, doubling, at most 5 min. */
const backOffStartMs = 10_000;
const backOffMaxMs = 300_000;

interface ContainerRun {
  spec: Json;
  record: ContainerRecord;
  launch?: ProcessLaunch;
  process?: ContainerProcess;
  /** The probes running on the current process. */
  probers: Prober[];
  startedAtMs: number;
  restartTimer?: NodeJS.Timeout;
}

export interface PodWorkerOptions {
  registry: Registry;
  dataDir: string;
  /** The loopback port each of the pod's container ports maps to (see `pod-ports.ts`). */
  hostPorts: Map<number, number>;
  /** The CPU priority of the pod's processes (Linux nice; see `cpu-nice.ts`). */
  nice: number;
}

/**
 * What the kubelet does for one pod: runs each container as a local process (its output in the log `/log`
 * serves), reports the pod's status as it changes, probes readiness, restarts crashed containers with back-off,
 * and once the pod is deleted stops it in the kubelet's order and finishes the deletion.
 */
export class PodWorker {
  readonly uid: string;
  readonly #namespace: string;
  readonly #name: string;
  readonly #nodeName: string;
  readonly #options: PodWorkerOptions;
  readonly #runs: ContainerRun[];
  #stopping: Promise<void> | undefined;
  #killed = false;

  constructor(pod: KubeObject, options: PodWorkerOptions) {
    this.uid = pod.metadata.uid ?? '';
    this.#namespace = pod.metadata.namespace ?? 'default';
    this.#name = pod.metadata.name;
    this.#nodeName = pod.spec?.nodeName ?? '';
    this.#options = options;
    this.#runs = (pod.spec?.containers ?? []).map((spec: Json) => ({
      spec,
      startedAtMs: 0,
      probers: [],
      record: {
        name: spec.name,
        image: spec.image,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        started: false,
        restartCount: 0,
      },
    }));
  }

  /** The containers with a live process now, for the resource metrics. */
  runningContainers(): RunningContainer[] {
    if (this.#killed) return [];
    return this.#runs.flatMap((run) => {
      const pid = run.process?.pid;
      return pid === undefined || run.record.state.running === undefined
        ? []
        : [
            {
              namespace: this.#namespace,
              pod: this.#name,
              uid: this.uid,
              container: run.spec.name,
              nodeName: this.#nodeName,
              pid,
            },
          ];
    });
  }

  /** Starts every container, or says why it cannot. */
  start(pod: KubeObject): void {
    for (const run of this.#runs) {
      const hostPort = this.#hostPort(containerPort(run.spec));
      const context: PodContext = { pod, podIp: '127.0.0.1', hostPort };
      const launch = containerLaunch(run.spec, context);
      if ('cannotRun' in launch) {
        run.record.state = { waiting: { reason: 'ErrImagePull', message: launch.cannotRun } };
        this.#event('Warning', 'Failed', `Failed to pull image "${run.spec.image}": ${launch.cannotRun}`);
        this.#event('Warning', 'Failed', 'Error: ErrImagePull');
        continue;
      }
      run.launch = launch.launch;
      this.#event('Normal', 'Pulled', `Container image "${run.spec.image}" already present on machine`);
      this.#startContainer(run);
    }
    this.#writeStatus();
  }

  #hostPort(port: number): number {
    return this.#options.hostPorts.get(port) ?? port;
  }

  #startContainer(run: ContainerRun): void {
    if (run.launch === undefined || this.#stopping !== undefined) return;
    const logFile = containerLogPath(
      this.#options.dataDir,
      this.#namespace,
      this.#name,
      run.spec.name,
      run.record.restartCount,
    );
    const container = new ContainerProcess(run.launch, this.#name, logFile, this.#options.nice);
    run.process = container;
    run.startedAtMs = Date.now();
    run.record.containerID = `process://${container.pid ?? 0}`;
    run.record.state = { running: { startedAt: kubeTime(run.startedAtMs) } };
    this.#event('Normal', 'Created', `Created container: ${run.spec.name}`);
    this.#event('Normal', 'Started', `Started container ${run.spec.name}`);
    const probeOf = (kind: ProbeKind) =>
      containerProbe(run.spec, kind, (port) => this.#hostPort(port), run.launch?.env ?? {});
    const startup = probeOf('startup');
    run.record.started = startup === undefined;
    if (startup === undefined) this.#startHealthProbes(run, container, probeOf);
    else {
      // Readiness and liveness wait until the startup probe has succeeded once; it is not run again after.
      this.#watch(run, container, startup, undefined, (ok) => {
        if (!ok) return this.#killUnhealthy(run, container, 'startup', startup);
        stopProbers(run);
        run.record.started = true;
        this.#writeStatus();
        this.#startHealthProbes(run, container, probeOf);
      });
    }
    void container.exited.then((exit) => this.#exited(run, container, exit));
  }

  /** The readiness probe (ready at once without one) and the liveness probe of a started container. */
  #startHealthProbes(
    run: ContainerRun,
    container: ContainerProcess,
    probeOf: (kind: ProbeKind) => ContainerProbe | undefined,
  ): void {
    const readiness = probeOf('readiness');
    if (readiness === undefined) run.record.ready = true;
    else {
      this.#watch(run, container, readiness, false, (ready) => {
        run.record.ready = ready;
        this.#writeStatus();
      });
    }
    const liveness = probeOf('liveness');
    if (liveness !== undefined) {
      this.#watch(run, container, liveness, true, (alive) => {
        if (!alive) this.#killUnhealthy(run, container, 'liveness', liveness);
      });
    }
  }

  /** Runs a probe on the container while it is the run's current process; each failure is an `Unhealthy` event. */
  #watch(
    run: ContainerRun,
    container: ContainerProcess,
    probe: ContainerProbe,
    initial: boolean | undefined,
    onChange: (ok: boolean) => void,
  ): void {
    const prober = new Prober(
      probe.check,
      probe.timing,
      initial,
      (ok) => {
        if (run.process === container) onChange(ok);
      },
      (ok) => {
        if (!ok && this.#stopping === undefined) this.#event('Warning', 'Unhealthy', probe.failure);
      },
    );
    run.probers.push(prober);
    prober.start();
  }

  /**
   * A failed liveness or startup probe: the kubelet kills the container as it would on deletion (preStop, then
   * SIGTERM, SIGKILL at the probe's or the pod's grace period) and the restart policy decides what follows.
   */
  #killUnhealthy(run: ContainerRun, container: ContainerProcess, kind: ProbeKind, probe: ContainerProbe): void {
    stopProbers(run);
    const pod = this.#options.registry.store.get(pods, this.#namespace, this.#name);
    if (this.#stopping !== undefined || run.process !== container || pod === undefined) return;
    this.#event('Normal', 'Killing', `Container ${run.spec.name} failed ${kind} probe, will be restarted`);
    const gracePeriodMs = probe.gracePeriodMs ?? (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    void this.#stopContainer(run, container, gracePeriodMs, pod);
  }

  #exited(run: ContainerRun, container: ContainerProcess, exit: ProcessExit): void {
    stopProbers(run);
    run.record.ready = false;
    run.record.started = false;
    const terminated = terminatedState(exit, run.startedAtMs, Date.now());
    if (this.#stopping !== undefined || this.#killed) {
      run.record.state = terminated;
      return; // the stop sequence writes the final status
    }
    const policy = this.#restartPolicy();
    const failed = terminated.terminated.exitCode !== 0;
    if (policy === 'Always' || (policy === 'OnFailure' && failed)) {
      run.record.lastState = terminated;
      // The kubelet restarts a container the first time at once; after that it backs off 10 s, 20 s, … 5 min
      // (`doBackOff` in kuberuntime_manager.go: no back-off entry yet means no back-off).
      const restarts = run.record.restartCount;
      const delayMs = restarts === 0 ? 0 : Math.min(backOffMaxMs, backOffStartMs * 2 ** (restarts - 1));
      run.record.restartCount++;
      if (delayMs > 0) {
        run.record.state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${delayMs / 1000}s restarting failed container=${run.spec.name} pod=${this.#name}_${this.#namespace}(${this.uid})`,
          },
        };
        this.#event('Warning', 'BackOff', 'Back-off restarting failed container');
      } else {
        run.record.state = terminated;
      }
      run.restartTimer = setTimeout(() => {
        if (run.process === container) this.#startContainer(run);
        this.#writeStatus();
      }, delayMs);
    } else {
      run.record.state = terminated;
    }
    this.#writeStatus();
  }

  #restartPolicy(): string {
    return this.#options.registry.store.get(pods, this.#namespace, this.#name)?.spec?.restartPolicy ?? 'Always';
  }

  /**
   * Stops the pod in the kubelet's order (preStop → SIGTERM → SIGKILL at the grace period, at least 2 s after
   * SIGTERM), writes its final status and deletes it with grace 0. Idempotent.
   */
  terminate(pod: KubeObject): Promise<void> {
    if (this.#stopping !== undefined) return this.#stopping;
    const gracePeriodMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    const stops = this.#runs.map((run) => {
      clearTimeout(run.restartTimer);
      const container = run.process;
      if (container === undefined || run.record.state.running === undefined) return Promise.resolve();
      this.#event('Normal', 'Killing', `Stopping container ${run.spec.name}`);
      return this.#stopContainer(run, container, gracePeriodMs, pod);
    });
    this.#stopping = Promise.all(stops).then(() => this.#finish());
    return this.#stopping;
  }

  /** preStop → SIGTERM → SIGKILL at the grace period (at least 2 s after SIGTERM); resolves once it exited. */
  async #stopContainer(
    run: ContainerRun,
    container: ContainerProcess,
    gracePeriodMs: number,
    pod: KubeObject,
  ): Promise<void> {
    const context = { pod, podIp: '127.0.0.1' };
    const env = containerEnv(run.spec, { ...context, hostPort: this.#hostPort(containerPort(run.spec)) });
    const preStop = preStopHook(run.spec, env, (message) => this.#event('Warning', 'FailedPreStopHook', message));
    await stopInOrder(container, {
      gracePeriodMs,
      ...(preStop === undefined ? {} : { preStop }),
      minimumStopMs,
      onSigterm: () => {},
      onSigkill: () => {},
    });
  }

  #finish(): void {
    this.#writeStatus();
    try {
      this.#options.registry.delete(pods, this.#namespace, this.#name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: this.uid },
      });
    } catch (error) {
      if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
    }
  }

  /** SIGKILLs every container at once (the pod was removed under it, or the cluster stops); resolves when gone. */
  async kill(): Promise<void> {
    this.#killed = true;
    const exits = this.#runs.map((run) => {
      clearTimeout(run.restartTimer);
      stopProbers(run);
      run.process?.signal('SIGKILL');
      return run.process?.exited;
    });
    await Promise.all(exits);
  }

  #phase(): PodPhase {
    const records = this.#runs.map((run) => run.record);
    const terminatedCodes = records.map((record) => record.state.terminated?.exitCode);
    if (terminatedCodes.every((code) => code !== undefined)) {
      return terminatedCodes.every((code) => code === 0) ? 'Succeeded' : 'Failed';
    }
    // Running once a container has run: it runs now, or ran and waits to be restarted.
    const hasRun = (record: ContainerRecord) =>
      record.state.running !== undefined || record.state.terminated !== undefined || record.restartCount > 0;
    return records.some(hasRun) ? 'Running' : 'Pending';
  }

  #writeStatus(): void {
    if (this.#killed) return;
    const records = this.#runs.map((run) => run.record);
    const phase = this.#phase();
    try {
      this.#options.registry.mutate(
        pods,
        this.#namespace,
        this.#name,
        (pod) => {
          if (pod.metadata.uid !== this.uid) throw new ApiError(404, 'NotFound', `pod ${this.#name} was replaced`);
          pod.status = podStatus(pod, phase, records, this.#options.registry.nowMs());
        },
        'status',
      );
    } catch (error) {
      // The pod is gone (force-deleted): there is nothing left to report on.
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }

  #event(type: EventType, reason: string, message: string): void {
    const pod = this.#options.registry.store.get(pods, this.#namespace, this.#name);
    if (pod === undefined || pod.metadata.uid !== this.uid) return;
    recordEvent(this.#options.registry, pod, type, reason, message, 'kubelet');
  }
}

function stopProbers(run: ContainerRun): void {
  for (const prober of run.probers) prober.stop();
  run.probers = [];
}
