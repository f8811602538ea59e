import { join } from 'node:path';
// The kubelet's process pieces serve the local platform too: a documented, temporary exception to "nothing but
// cli imports cluster/", until issue 11 routes local runs through the embedded cluster and this file goes away.
import { tailLines } from '../../cluster/kubelet/log-tail.js';
import { type ProbeSpec, probeOnce, ReadinessProber } from '../../cluster/kubelet/probe.js';
import { ContainerProcess, type ProcessLaunch, stopInOrder } from '../../cluster/kubelet/process.js';
import type { TimelineEventType } from '../../core/timeline.js';

export type PodPhase = 'running' | 'terminating' | 'exited';

/** How a pod is shut down, in the kubelet's terms (ms). */
export interface TerminationSpec {
  /** `lifecycle.preStop.sleep`: time between "terminating" and SIGTERM. */
  preStopMs: number;
  /** `terminationGracePeriodSeconds`: from the start of termination (preStop included) to SIGKILL. */
  gracePeriodMs: number;
}

export interface PodOptions {
  name: string;
  revision: number;
  node: string | undefined;
  port: number;
  launch: ProcessLaunch;
  probe: ProbeSpec;
  logDir: string;
  /** Reports a state change; `detail` for people. */
  emit: (type: TimelineEventType, pod: Pod, detail?: string) => void;
  /** Called after every change of readiness or phase, so a controller can react. */
  onChange: (pod: Pod) => void;
}

/**
 * One replica: a real OS process on its own loopback port, with a readiness probe, terminated in the
 * kubelet's order: terminating → preStop → SIGTERM → (grace period, counted from the start) → SIGKILL.
 */
export class Pod {
  readonly name: string;
  readonly revision: number;
  readonly node: string | undefined;
  readonly port: number;
  phase: PodPhase = 'running';
  /** True when the process exited on its own, without being terminated (a crash, or it never started). */
  crashed = false;
  /** How the process ended ("exit code 1", "signal SIGKILL", "failed to start: …"), once it has. */
  exitDetail: string | undefined;
  /** When the pod last became ready (performance.now() ms), or undefined while not ready. */
  readySinceMs: number | undefined;
  /** Whether it has ever been ready: a pod that crashes without ever getting there says its version cannot start. */
  everReady = false;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  readonly exited: Promise<void>;
  readonly #options: PodOptions;
  readonly #process: ContainerProcess;
  readonly #prober: ReadinessProber;
  #termination: Promise<void> | undefined;

  constructor(options: PodOptions) {
    this.#options = options;
    this.name = options.name;
    this.revision = options.revision;
    this.node = options.node;
    this.port = options.port;
    this.logFile = join(options.logDir, `${options.name}.log`);
    this.#process = new ContainerProcess(options.launch, options.name, this.logFile);
    options.emit(
      'pod-created',
      this,
      `pid ${this.#process.pid}, port ${options.port}${options.node ? `, node ${options.node}` : ''}`,
    );
    this.exited = this.#process.exited.then((exit) => this.#markExited(exit.detail));
    const { path, timeoutMs } = options.probe;
    this.#prober = new ReadinessProber(
      () => probeOnce(options.port, path, timeoutMs),
      options.probe,
      (ready) => {
        if (this.phase === 'exited') return;
        this.readySinceMs = ready ? performance.now() : undefined;
        this.everReady ||= ready;
        options.emit(ready ? 'pod-ready' : 'pod-not-ready', this);
        options.onChange(this);
      },
    );
    this.#prober.start();
  }

  /** The last lines the process wrote, for saying why it crashed. */
  lastOutput(maxLines = 5): string[] {
    return tailLines(this.logFile, maxLines);
  }

  get ready(): boolean {
    return this.readySinceMs !== undefined;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Starts the kubelet's shutdown sequence; resolves when the process has exited. Idempotent. */
  terminate(spec: TerminationSpec): Promise<void> {
    if (this.#termination) return this.#termination;
    if (this.phase === 'exited') return Promise.resolve();
    this.phase = 'terminating';
    this.#options.emit('pod-terminating', this, `preStop ${spec.preStopMs} ms, grace ${spec.gracePeriodMs} ms`);
    this.#options.onChange(this);
    const preStop =
      spec.preStopMs > 0
        ? () => {
            this.#options.emit('prestop-started', this, `sleep ${spec.preStopMs} ms`);
            return new Promise<void>((resolve) => setTimeout(resolve, spec.preStopMs));
          }
        : undefined;
    void stopInOrder(this.#process, {
      gracePeriodMs: spec.gracePeriodMs,
      ...(preStop === undefined ? {} : { preStop }),
      // The local platform has always killed exactly at the grace period.
      minimumStopMs: 0,
      onSigterm: () => this.#options.emit('sigterm-sent', this),
      onSigkill: () => this.#options.emit('pod-killed', this, `grace period of ${spec.gracePeriodMs} ms over: SIGKILL`),
    });
    this.#termination = this.exited;
    return this.#termination;
  }

  /** Kills at once (cleanup); resolves when the process is gone. */
  kill(): Promise<void> {
    if (this.phase !== 'exited') this.#options.emit('pod-killed', this, 'the run is over: SIGKILL');
    this.#process.signal('SIGKILL');
    return this.exited;
  }

  #markExited(detail: string): void {
    this.#prober.stop();
    const wasReady = this.ready;
    this.crashed = this.phase === 'running';
    this.exitDetail = detail;
    this.phase = 'exited';
    this.readySinceMs = undefined;
    if (wasReady) this.#options.emit('pod-not-ready', this, 'process exited');
    this.#options.emit('pod-exited', this, detail);
    this.#options.onChange(this);
  }
}
