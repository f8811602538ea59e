import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDurationMs } from '../core/duration.js';
import type { ResourceSample } from '../core/resource-sample.js';
import type { RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import type { LoadProgress } from '../load/engine.js';
import type { LoadOptions } from '../load/options.js';
import type { LoadRun } from '../load/run-load.js';
import { type ProcessTarget, ProcSampler } from '../observe/proc-sampler.js';
import { LocalPlatform } from '../platform/local/local-platform.js';
import { UPSTREAM_HEADER } from '../platform/local/proxy/index.js';
import type { RunSpec } from './spec.js';

/** The response headers that name a pod: the app's own, or the one the local proxy puts on its 502/504. */
const POD_HEADERS = ['x-rollbench-pod', UPSTREAM_HEADER];

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
  return {
    ...options,
    url: url ?? new URL(path, baseUrl).href,
    podHeaders: options.podHeaders ?? POD_HEADERS,
    ...overrides,
  };
}

/**
 * Makes the output folder ready for a run: a previous run's result.json and pod logs go first, so that nothing —
 * a CI job, `rollbench recommend` — can take them for this run's when this run writes none (killed, say).
 * Whatever else the folder holds is left alone.
 */
export async function clearPreviousRun(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, 'result.json'), { force: true });
  const logDir = join(outDir, 'logs');
  const logs = await readdir(logDir).catch(() => []);
  await Promise.all(
    logs.filter((name) => name.endsWith('.log')).map((name) => rm(join(logDir, name), { force: true })),
  );
}

/** The processes to sample: every replica still running (terminating ones too: their shutdown costs count). */
function samplingTargets(platform: LocalPlatform): ProcessTarget[] {
  return platform
    .pods()
    .filter((pod) => pod.phase !== 'exited' && pod.pid !== undefined)
    .map((pod) => ({ pod: pod.name, pid: pod.pid as number }));
}

/**
 * What both kinds of run (a disruption timeline, capacity steps) share: the output folder, the local platform
 * and the sampling of its replicas, the run timeout, and the signal that stops the run early.
 */
export class RunSession {
  readonly timeline: TimelineEvent[] = [];
  readonly platform: LocalPlatform;
  readonly #spec: RunSpec;
  readonly #outDir: string;
  readonly #sampler: ProcSampler;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #phase: () => string;
  #interrupted = false;
  /** Whether start() has brought the target up. */
  #started = false;

  constructor(spec: RunSpec, outDir: string) {
    this.#spec = spec;
    this.#outDir = outDir;
    this.platform = new LocalPlatform({ ...spec.target, logDir: join(outDir, 'logs') });
    this.#sampler = new ProcSampler({
      intervalMs: spec.sampleIntervalMs,
      targets: () => samplingTargets(this.platform),
    });
    this.#phase = () => `start-up: ${this.#readiness()}`;
  }

  #readiness(): string {
    return `${this.platform.readyReplicas()} of ${this.#spec.target.replicas} replicas ready`;
  }

  /** Aborts when the run is stopped early; its reason says why. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when the run was stopped by `interrupt()` (Ctrl-C, SIGTERM, SIGHUP). */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** The phase the run is in: `warmup`, `rollout@5s`, `step 2/4: 250 rps`…; a function when it moves on by itself. */
  enter(phase: string | (() => string)): void {
    this.#phase = typeof phase === 'string' ? () => phase : phase;
  }

  phase(): string {
    return this.#phase();
  }

  /** For a progress line: what the platform is waiting for, if it says, else the phase. */
  status(): string {
    return this.platform.activity() ?? this.phase();
  }

  /**
   * Clears what a previous run left in the output folder, brings the target up (every replica ready) and starts
   * sampling it; resolves with the URL to load.
   */
  async start(): Promise<string> {
    await clearPreviousRun(this.#outDir);
    const { url } = await this.platform.start((event) => this.timeline.push(event), this.signal);
    this.#started = true;
    this.#sampler.start();
    return url;
  }

  /** Starts counting the run timeout; `onTimeout` stops what the signal cannot reach (a load being awaited). */
  startTimeout(onTimeout: () => void = () => {}): void {
    const { timeoutMs } = this.#spec;
    this.#timer = setTimeout(() => {
      this.#controller.abort(`the run timeout of ${formatDurationMs(timeoutMs)} was reached during ${this.phase()}`);
      onTimeout();
    }, timeoutMs);
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
    return this.#started ? message : `start-up failed with ${this.#readiness()}: ${message}`;
  }

  /** Every resource sample so far. */
  samples(): ResourceSample[] {
    return this.#sampler.samples();
  }

  /** Stops the timeout and the sampling, and restores the platform: no replica outlives this. Never throws. */
  async close(): Promise<void> {
    this.stopTimeout();
    this.#sampler.stop();
    await this.platform.restore();
  }

  /**
   * Writes the result and says how the run ended. When the output folder cannot take it (disk full, no
   * permission, the folder removed during the run), what was measured goes to a file in the temporary folder
   * instead: a run's measurements are never lost to a failed write.
   */
  async conclude<R>(result: R, error: unknown): Promise<RunOutcome<R>> {
    const text = `${JSON.stringify(result, null, 2)}\n`;
    const intended = join(this.#outDir, 'result.json');
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
      outDir: this.#outDir,
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
