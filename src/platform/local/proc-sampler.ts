import { clockTicksPerSecond, pageSizeBytes, processTree, readProcessTable, treeUsage } from '../../core/proc-stat.js';
import type { ResourceSample } from '../../core/resource-sample.js';

export type { ResourceSample };

/** A replica's main process; its descendants (e.g. the app under a `sh -c` wrapper) are counted with it. */
export interface ProcessTarget {
  pod: string;
  pid: number;
}

export interface ProcSamplerOptions {
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
 * Processes that have gone are skipped silently. The run reads it at its sample interval (`PeriodicSampler`).
 */
export class ProcSampler {
  readonly #targets: () => ProcessTarget[];
  readonly #now: () => number;
  readonly #procRoot: string;
  readonly #ticksPerSecond: number;
  readonly #pageSizeBytes: number;
  /** Per pod and main pid: the tree's cumulative CPU ticks at its previous reading. */
  readonly #previous = new Map<string, { cpuTicks: number; atMs: number }>();
  /** Readings run one at a time, in order: each needs the previous one's baseline. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ProcSamplerOptions) {
    this.#targets = options.targets;
    this.#now = options.now ?? (() => performance.now());
    this.#procRoot = options.procRoot ?? '/proc';
    this.#ticksPerSecond = options.clockTicksPerSecond ?? clockTicksPerSecond();
    this.#pageSizeBytes = options.pageSizeBytes ?? pageSizeBytes();
  }

  /**
   * Takes one reading now (after any reading under way) and returns its samples. Rejects only when the proc
   * folder itself cannot be read (e.g. not Linux).
   */
  sampleOnce(): Promise<ResourceSample[]> {
    return this.#enqueueReading();
  }

  #enqueueReading(): Promise<ResourceSample[]> {
    const reading = this.#queue.then(() => this.#read());
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
