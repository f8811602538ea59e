import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { TimelineEventType } from '../../core/timeline.js';
import type { ProcessLaunch } from './app-command.js';
import { tailLines } from './log-tail.js';
import { type ProbeSpec, ReadinessProber } from './probe.js';
import { WATCHDOG_FD, watchedLaunch } from './watchdog.js';

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

// Every replica process we started and have not seen exit, so that even a crash of rollbench itself
// (an uncaught exception ends in 'exit') leaves no orphan behind.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

// What a shell's exit code says when it could not run the command (POSIX): the replica's launcher is a shell.
const SHELL_EXIT_MEANING: Record<number, string> = { 126: ' (not executable)', 127: ' (command not found)' };

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Replicas lead their own process group, so `sh -c` wrappers and their children get the signal too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
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
  readonly #child: ChildProcess;
  readonly #prober: ReadinessProber;
  #termination: Promise<void> | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #preStopTimer: NodeJS.Timeout | undefined;

  constructor(options: PodOptions) {
    this.#options = options;
    this.name = options.name;
    this.revision = options.revision;
    this.node = options.node;
    this.port = options.port;
    this.logFile = join(options.logDir, `${options.name}.log`);
    const log = openSync(this.logFile, 'a');
    const launch = watchedLaunch(options.launch, options.name);
    try {
      // Its own process group (detached), so that signals reach whatever the replica starts; the last stdio
      // entry is the watchdog's pipe, whose end here closes when this process exits, however it exits.
      this.#child = spawn(launch.file, launch.args, {
        stdio: ['ignore', log, log, 'pipe'],
        detached: true,
        env: { ...process.env, ...launch.env },
      });
    } finally {
      closeSync(log); // the child has its own descriptor
    }
    live.add(this.#child);
    options.emit(
      'pod-created',
      this,
      `pid ${this.#child.pid}, port ${options.port}${options.node ? `, node ${options.node}` : ''}`,
    );
    this.exited = new Promise((resolve) => {
      this.#child.once('error', (err) => {
        live.delete(this.#child);
        this.#markExited(`failed to start: ${err.message}`);
        resolve();
      });
      this.#child.once('exit', (code, signal) => {
        live.delete(this.#child);
        // The replica is gone: its watchdog now clears whatever it left in its process group.
        this.#child.stdio[WATCHDOG_FD]?.destroy();
        this.#markExited(signal ? `signal ${signal}` : `exit code ${code}${SHELL_EXIT_MEANING[code ?? 0] ?? ''}`);
        resolve();
      });
    });
    this.#prober = new ReadinessProber(options.port, options.probe, (ready) => {
      if (this.phase === 'exited') return;
      this.readySinceMs = ready ? performance.now() : undefined;
      this.everReady ||= ready;
      options.emit(ready ? 'pod-ready' : 'pod-not-ready', this);
      options.onChange(this);
    });
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
    return this.#child.pid;
  }

  /** Starts the kubelet's shutdown sequence; resolves when the process has exited. Idempotent. */
  terminate(spec: TerminationSpec): Promise<void> {
    if (this.#termination) return this.#termination;
    if (this.phase === 'exited') return Promise.resolve();
    this.phase = 'terminating';
    this.#options.emit('pod-terminating', this, `preStop ${spec.preStopMs} ms, grace ${spec.gracePeriodMs} ms`);
    this.#options.onChange(this);
    const sigterm = () => {
      this.#options.emit('sigterm-sent', this);
      killGroup(this.#child, 'SIGTERM');
    };
    if (spec.preStopMs > 0) {
      this.#options.emit('prestop-started', this, `sleep ${spec.preStopMs} ms`);
      this.#preStopTimer = setTimeout(sigterm, spec.preStopMs);
    } else {
      sigterm();
    }
    // The grace period runs from the start of termination, preStop included, as in the kubelet.
    this.#killTimer = setTimeout(() => {
      this.#options.emit('pod-killed', this, `grace period of ${spec.gracePeriodMs} ms over: SIGKILL`);
      killGroup(this.#child, 'SIGKILL');
    }, spec.gracePeriodMs);
    this.#termination = this.exited;
    return this.#termination;
  }

  /** Kills at once (cleanup); resolves when the process is gone. */
  kill(): Promise<void> {
    if (this.phase !== 'exited') this.#options.emit('pod-killed', this, 'the run is over: SIGKILL');
    killGroup(this.#child, 'SIGKILL');
    return this.exited;
  }

  #markExited(detail: string): void {
    this.#prober.stop();
    clearTimeout(this.#preStopTimer);
    clearTimeout(this.#killTimer);
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
