import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDurationMs } from '../core/duration.js';
import type { RunResult } from '../core/run-result.js';
import type { LoadProgress } from '../load/engine.js';
import type { LoadOptions } from '../load/options.js';
import type { LoadRun } from '../load/run-load.js';
import type { Platform } from '../platform/index.js';
import type { RunSpec } from './spec.js';

/** What a run hands back once it has ended and cleaned up (R: a capacity run's CapacityResult). */
export interface RunOutcome<R = RunResult> {
  /**
   * What was measured, also written to `<outDir>/result.json` — however the run ended, even during start-up
   * (then with no load, and `incomplete` saying how far start-up got).
   */
  result: R;
  /** Where result.json and the pod logs were written. */
  outDir: string;
  /** The file the result went to: `<outDir>/result.json`, or a temporary file when that could not be written. */
  resultFile: string;
  /** Why `<outDir>/result.json` could not be written, when it could not. */
  writeError?: string;
  /** Why the run could not complete, if it failed (the result holds what was measured). */
  error: unknown;
  /** Stopped by Ctrl-C, SIGTERM or SIGHUP. */
  interrupted: boolean;
}

/** A run under way, as the CLI (or a library user) drives it. */
export interface RunHandle<R = RunResult> {
  readonly done: Promise<RunOutcome<R>>;
  /** Graceful: stop waiting, stop the load (requests in flight finish), clean up, write what was measured. */
  stop(): void;
  /** Also abandon requests in flight. Cleanup still runs. */
  abort(): void;
  /** Load progress, while a load runs. */
  progress(): LoadProgress | undefined;
  /**
   * Where the run is, for people: `start-up: 1 of 3 replicas ready`, `warmup`, `steady`, `rollout@5s`,
   * `cooldown`, `step 2/4: 250 rps` — or what the platform waits for (`drain node-a: 1 eviction refused by the
   * PDB, retrying in 5 s`).
   */
  status(): string;
}

/** The load to send through the target's URL: the scenario's settings, then `overrides` (rate, duration). */
export function loadAt(load: RunSpec['load'], baseUrl: string, overrides: Partial<LoadOptions>): LoadOptions {
  const { path = '/', url, ...options } = load;
  return { ...options, url: url ?? new URL(path, baseUrl).href, ...overrides };
}

/**
 * Makes the output folder ready for a run: a previous run's result.json, verify.json, pod logs (`logs/<namespace>/…`,
 * and the `logs/*.log` of older versions) and the embedded cluster's kubeconfig go first, so that nothing — a CI
 * job, `rollbench recommend` — can take them for this run's when this run writes none (killed, say). Whatever else
 * the folder holds is left alone.
 */
export async function clearPreviousRun(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, 'result.json'), { force: true });
  await rm(join(outDir, 'verify.json'), { force: true });
  await rm(join(outDir, 'kubeconfig'), { force: true });
  const logDir = join(outDir, 'logs');
  const entries = await readdir(logDir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() || entry.name.endsWith('.log'))
      .map((entry) => rm(join(logDir, entry.name), { recursive: true, force: true })),
  );
}

/**
 * The state of one run, whatever drives it: the output folder, the platform, the run timeout, the phase for the
 * progress line, and the signal that stops the run early.
 */
export class RunSession {
  readonly platform: Platform;
  readonly outDir: string;
  readonly #timeoutMs: number;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #phase: () => string;
  #interrupted = false;
  /** Whether the target is up (start() resolved). */
  #started = false;

  constructor(platform: Platform, spec: Pick<RunSpec, 'timeoutMs'>, outDir: string) {
    this.platform = platform;
    this.outDir = outDir;
    this.#timeoutMs = spec.timeoutMs;
    this.#phase = () => `start-up: ${this.#startUp()}`;
  }

  #startUp(): string {
    return this.platform.activity?.() ?? (this.#started ? 'the target is ready' : 'waiting for the target');
  }

  /** Aborts when the run is stopped early; its reason says why. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** Marks the target as up: from now on the status is the run's phase, or what an action waits for. */
  started(): void {
    this.#started = true;
  }

  /** The phase the run is in: `warmup`, `rollout@5s`, `step 2/4: 250 rps`…; a function when it moves on by itself. */
  enter(phase: string | (() => string)): void {
    this.#phase = typeof phase === 'string' ? () => phase : phase;
  }

  phase(): string {
    return this.#phase();
  }

  /** For a progress line: the phase, and what the platform is waiting for within it: `rollout@5s: Waiting for deployment "web" …`. */
  status(): string {
    const activity = this.#started ? this.platform.activity?.() : undefined;
    return activity === undefined ? this.phase() : `${this.phase()}: ${activity}`;
  }

  /** Starts counting the run timeout; `onTimeout` stops what the signal cannot reach (a load being awaited). */
  startTimeout(onTimeout: () => void = () => {}): void {
    this.#timer = setTimeout(() => {
      this.#controller.abort(
        `the run timeout of ${formatDurationMs(this.#timeoutMs)} was reached during ${this.phase()}`,
      );
      onTimeout();
    }, this.#timeoutMs);
  }

  /** Called once the run has nothing left to wait for: from then on, the timeout cannot cut it. */
  stopTimeout(): void {
    clearTimeout(this.#timer);
  }

  /** Ctrl-C and the like. */
  interrupt(): void {
    if (this.signal.aborted) return;
    this.#interrupted = true;
    this.#controller.abort(`interrupted during ${this.phase()}`);
  }

  /** Why the run did not complete — stopped early, or `error` — or undefined when it did. */
  incomplete(error: unknown): string | undefined {
    if (this.signal.aborted) return String(this.signal.reason);
    if (error === undefined) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (this.#started) return message;
    const reached = this.platform.activity?.();
    return reached === undefined ? `start-up failed: ${message}` : `start-up failed with ${reached}: ${message}`;
  }

  /**
   * Writes the result and says how the run ended. When the output folder cannot take it (disk full, no
   * permission, the folder removed during the run), what was measured goes to a file in the temporary folder
   * instead: a run's measurements are never lost to a failed write.
   */
  async conclude<R>(result: R, error: unknown): Promise<RunOutcome<R>> {
    const text = `${JSON.stringify(result, null, 2)}\n`;
    const intended = join(this.outDir, 'result.json');
    let resultFile = intended;
    let writeError: string | undefined;
    try {
      await writeFile(intended, text);
    } catch (err) {
      writeError = `could not write ${intended}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      resultFile = join(tmpdir(), `rollbench-result-${process.pid}-${Date.now()}.json`);
      await writeFile(resultFile, text);
    }
    return {
      result,
      outDir: this.outDir,
      resultFile,
      ...(writeError === undefined ? {} : { writeError }),
      error,
      interrupted: this.#interrupted,
    };
  }

  /** The handle of a run that `done` will conclude, whose load under way (if any) `load()` returns. */
  handle<R>(done: Promise<RunOutcome<R>>, load: () => LoadRun | undefined): RunHandle<R> {
    return {
      done,
      stop: () => {
        this.interrupt();
        load()?.stop();
      },
      abort: () => {
        this.interrupt();
        load()?.abort();
      },
      progress: () => load()?.progress(),
      status: () => this.status(),
    };
  }
}
