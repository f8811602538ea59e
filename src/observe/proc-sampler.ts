import { clockTicksPerSecond, pageSizeBytes, processTree, readProcessTable, treeUsage } from '../core/proc-stat.js';
import type { ResourceSample } from '../core/resource-sample.js';

export type { ResourceSample };

/** A replica's main process; its descendants (e.g. the app under a `sh -c` wrapper) are counted with it. */
export interface ProcessTarget {
  pod: string;
  pid: number;
}

export interface ProcSamplerOptions {
  /** Time between readings, ms. */
  intervalMs: number;
  /** The processes to read, asked afresh at every reading (pods come and go during a rollout). */
  targets: () => ProcessTarget[];
  /** Clock in ms; default `performance.now`. */
  now?: () => number;
  /** Where proc(5) is mounted; default `/proc` (tests point it at a hand-written folder). */
  procRoot?: string;
  /** Clock ticks per second of the stat CPU times; default `getconf CLK_TCK`, else 100. */
  clockTicksPerSecond?: number;
  /** Bytes per page of the stat rss; default `getconf PAGESIZE`, else 4096. */
  pageSizeBytes?: number;
}

const CONTAINER = 'app';

/**
 * Samples CPU and memory of real processes from proc(5), like `kubectl top` does for containers.
 *
 * CPU: the process tree's cumulative CPU time (`treeUsage`) differenced between two readings of the same pod and
 * divided by the wall time between them. A pod's first reading only sets the baseline and yields no sample.
 * Memory: the tree's summed resident set size (the difference from a cgroup's count is small for an app under a
 * shell wrapper).
 * Processes that have gone are skipped silently; the timer never throws.
 */
export class ProcSampler {
  readonly #targets: () => ProcessTarget[];
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #procRoot: string;
  readonly #ticksPerSecond: number;
  readonly #pageSizeBytes: number;
  readonly #samples: ResourceSample[] = [];
  /** Per pod and main pid: the tree's cumulative CPU ticks at its previous reading. */
  readonly #previous = new Map<string, { cpuTicks: number; atMs: number }>();
  #timer: NodeJS.Timeout | undefined;
  /** Readings run one at a time, in order: each needs the previous one's baseline. */
  #queue: Promise<unknown> = Promise.resolve();
  #pendingReadings = 0;

  constructor(options: ProcSamplerOptions) {
    this.#targets = options.targets;
    this.#intervalMs = options.intervalMs;
    this.#now = options.now ?? (() => performance.now());
    this.#procRoot = options.procRoot ?? '/proc';
    this.#ticksPerSecond = options.clockTicksPerSecond ?? clockTicksPerSecond();
    this.#pageSizeBytes = options.pageSizeBytes ?? pageSizeBytes();
  }

  /** Takes a baseline reading now, then one every `intervalMs`. The timer does not keep the process alive. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
    this.#tick();
  }

  /** Stops the timer; a reading still under way when it is called is discarded. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Every sample kept so far, in the order taken. */
  samples(): ResourceSample[] {
    return [...this.#samples];
  }

  /**
   * Takes one reading now (after any reading under way), keeps its samples and returns them. Rejects only when
   * the proc folder itself cannot be read (e.g. not Linux).
   */
  async sampleOnce(): Promise<ResourceSample[]> {
    const samples = await this.#enqueueReading();
    this.#samples.push(...samples);
    return samples;
  }

  #tick(): void {
    // A reading slower than the interval (a loaded box) is not piled up on: the next tick is skipped instead.
    if (this.#pendingReadings > 0) return;
    this.#enqueueReading().then(
      (samples) => {
        if (this.#timer) this.#samples.push(...samples);
      },
      () => {}, // no proc folder: nothing to sample, and nothing to fail the run over
    );
  }

  #enqueueReading(): Promise<ResourceSample[]> {
    this.#pendingReadings++;
    const reading = this.#queue
      .then(() => this.#read())
      .finally(() => {
        this.#pendingReadings--;
      });
    this.#queue = reading.catch(() => {});
    return reading;
  }

  async #read(): Promise<ResourceSample[]> {
    const targets = this.#targets();
    if (targets.length === 0) {
      this.#previous.clear();
      return [];
    }
    const table = await readProcessTable(this.#procRoot);
    const atMs = this.#now();
    const samples: ResourceSample[] = [];
    const current = new Set<string>();
    for (const { pod, pid } of targets) {
      const tree = processTree(table, pid);
      if (tree.length === 0) continue; // exited, or not started yet
      const key = `${pod}\u0000${pid}`;
      current.add(key);
      const { cpuTicks, rssPages } = treeUsage(tree);
      const before = this.#previous.get(key);
      this.#previous.set(key, { cpuTicks, atMs });
      if (!before || atMs <= before.atMs) continue;
      // A descendant that left the tree unreaped (re-parented) takes its time with it: count no negative usage.
      const cpuSeconds = Math.max(0, cpuTicks - before.cpuTicks) / this.#ticksPerSecond;
      samples.push({
        atMs,
        pod,
        container: CONTAINER,
        cpuMillicores: (cpuSeconds * 1_000_000) / (atMs - before.atMs),
        memoryBytes: rssPages * this.#pageSizeBytes,
      });
    }
    for (const key of this.#previous.keys()) if (!current.has(key)) this.#previous.delete(key);
    return samples;
  }
}
