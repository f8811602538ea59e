import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { niceProcess } from './cpu-nice.js';
import type { ProcessLaunch } from './process-launch.js';
import { WATCHDOG_FD, watchedLaunch } from './watchdog.js';

/** How a container process ended: an exit code or a signal, or an error when it never started. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all. */
  error?: string;
  /** For people: "exit code 1 (command not found)", "signal SIGKILL", "failed to start: …". */
  detail: string;
}

// Every container process started here and not yet seen exiting, so that even a crash of this process (an
// uncaught exception ends in 'exit') leaves no orphan behind; `kill -9` is the watchdog's job.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

// What a shell's exit code says when it could not run the command (POSIX): the launcher is a shell.
const SHELL_EXIT_MEANING: Record<number, string> = { 126: ' (not executable)', 127: ' (command not found)' };

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Each container leads its own process group, so `sh -c` wrappers and their children get the signal too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * A container as a real OS process: its own process group, stdout and stderr appended to `logFile`, started
 * under the watchdog so that it cannot outlive the process that started it, whatever ends that one; at CPU
 * priority `nice` (Linux nice, 0 = as this process; see `cpu-nice.ts`).
 */
export class ContainerProcess {
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;

  constructor(launch: ProcessLaunch, name: string, logFile: string, nice = 0) {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = openSync(logFile, 'a');
    const watched = watchedLaunch(launch, name);
    try {
      // Its own process group (detached), so that signals reach whatever the container starts; the last stdio
      // entry is the watchdog's pipe, whose end here closes when this process exits, however it exits.
      this.#child = spawn(watched.file, watched.args, {
        stdio: ['ignore', log, log, 'pipe'],
        detached: true,
        env: { ...process.env, ...watched.env },
      });
    } finally {
      closeSync(log); // the child has its own descriptor
    }
    const child = this.#child;
    if (child.pid !== undefined) void niceProcess(child.pid, nice);
    live.add(child);
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        live.delete(child);
        resolve({ code: null, signal: null, error: err.message, detail: `failed to start: ${err.message}` });
      });
      child.once('exit', (code, signal) => {
        live.delete(child);
        // The container is gone: its watchdog now clears whatever it left in its process group.
        child.stdio[WATCHDOG_FD]?.destroy();
        const detail = signal ? `signal ${signal}` : `exit code ${code}${SHELL_EXIT_MEANING[code ?? 0] ?? ''}`;
        resolve({ code, signal, detail });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Signals the whole process group; nothing when it has exited. */
  signal(signal: NodeJS.Signals): void {
    killGroup(this.#child, signal);
  }
}

/** The kubelet's shutdown of one container, with hooks for saying what happened (times in ms). */
export interface StopSequence {
  /** `terminationGracePeriodSeconds`: from the start of termination (preStop included) to SIGKILL. */
  gracePeriodMs: number;
  /**
   * The preStop hook, if any: started at once, resolved when it is done. One still running when the grace
   * period ends is abandoned: `abandoned` fires.
   */
  preStop?: (abandoned: AbortSignal) => Promise<void>;
  /**
   * The least time between SIGTERM and SIGKILL: the kubelet's `minimumGracePeriodInSeconds` (2 s) gives an
   * app whose preStop used up the grace period that much to shut down. 0: SIGKILL exactly at the grace period.
   */
  minimumStopMs: number;
  onSigterm(): void;
  onSigkill(): void;
}

/**
 * Terminates in the kubelet's order: preStop → SIGTERM → SIGKILL once the grace period (counted from the
 * start, preStop included) is over. Resolves when the process has exited.
 */
export function stopInOrder(container: ContainerProcess, sequence: StopSequence): Promise<ProcessExit> {
  const startMs = performance.now();
  let killTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let exited = false;
  let termSent = false;
  const kill = () => {
    if (exited) return;
    termSent = true; // a preStop that ends after this no longer matters
    sequence.onSigkill();
    container.signal('SIGKILL');
  };
  const sigterm = () => {
    if (termSent || exited) return;
    termSent = true;
    clearTimeout(graceTimer);
    sequence.onSigterm();
    container.signal('SIGTERM');
    const remainingMs = sequence.gracePeriodMs - (performance.now() - startMs);
    killTimer = setTimeout(kill, Math.max(remainingMs, sequence.minimumStopMs));
  };
  if (sequence.preStop === undefined) {
    sigterm();
  } else {
    const abandon = new AbortController();
    // Started before the grace timer, so that a preStop as long as the grace period still ends in SIGTERM.
    void sequence.preStop(abandon.signal).then(sigterm);
    // Past the grace period a preStop still running is abandoned: SIGTERM, and SIGKILL after the minimum.
    graceTimer = setTimeout(() => {
      abandon.abort();
      if (sequence.minimumStopMs > 0) sigterm();
      else kill();
    }, sequence.gracePeriodMs);
  }
  return container.exited.then((exit) => {
    exited = true;
    clearTimeout(graceTimer);
    clearTimeout(killTimer);
    return exit;
  });
}
