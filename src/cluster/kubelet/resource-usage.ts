import { clockTicksPerSecond, pageSizeBytes, processTree, readProcessTable, treeUsage } from '../../core/proc-stat.js';

/** A container process the kubelet runs now, and where it belongs. */
export interface RunningContainer {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  nodeName: string;
  pid: number;
}

export interface ContainerUsage {
  name: string;
  /** CPU as a rate over the window, in nanocores (1e9 = one core busy). */
  cpuNanocores: number;
  /** Resident memory of the container's process tree at the newest reading, bytes. */
  memoryBytes: number;
}

/** What `metrics.k8s.io` PodMetrics reports: the newest reading's time and the span the CPU rate covers. */
export interface PodUsage {
  namespace: string;
  name: string;
  nodeName: string;
  timestampMs: number;
  windowMs: number;
  containers: ContainerUsage[];
}

export interface NodeUsage {
  name: string;
  timestampMs: number;
  windowMs: number;
  cpuNanocores: number;
  memoryBytes: number;
}

export interface ResourceUsageOptions {
  /** The containers to read, asked afresh at every reading. */
  containers: () => RunningContainer[];
  /** Time between readings, ms: the kubelet's own housekeeping. Default 1000. */
  intervalMs?: number;
  /** The span a CPU rate is taken over, ms. Default 10 000 (see `ResourceUsage`). */
  windowMs?: number;
  /** Where proc(5) is mounted; default `/proc`. */
  procRoot?: string;
  /** Wall clock in epoch ms; default `Date.now`. */
  now?: () => number;
}

interface Reading {
  atMs: number;
  cpuNs: number;
  memoryBytes: number;
}

/**
 * The kubelet's resource metrics, read from `/proc`, which `metrics.k8s.io` serves as metrics-server would.
 *
 * Every `intervalMs` it reads each running container's process tree (the container's process and its
 * descendants; the watchdog is not one of them): its cumulative CPU time and resident set size (`treeUsage`).
 * CPU is the difference between the newest reading and the oldest one at most `windowMs` before it, divided by
 * the time between them — metrics-server's "last two scrapes" with its usual 10–15 s resolution, taken here as a
 * sliding 10 s so that `kubectl top` answers a second after a pod starts and follows load within seconds. The
 * `window` reported is that actual span (shorter while a container is young). Memory is the resident set size
 * standing in for the working set (a cgroup's usage minus inactive file pages, which processes do not expose).
 * A container needs two readings before its pod has metrics, as with metrics-server.
 */
export class ResourceUsage {
  readonly #options: Required<Omit<ResourceUsageOptions, 'procRoot'>> & { procRoot: string };
  readonly #ticksPerSecond = clockTicksPerSecond();
  readonly #pageSizeBytes = pageSizeBytes();
  readonly #history = new Map<string, { container: RunningContainer; readings: Reading[] }>();
  #readingTimesMs: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  #reading = false;

  constructor(options: ResourceUsageOptions) {
    this.#options = { intervalMs: 1000, windowMs: 10_000, procRoot: '/proc', now: Date.now, ...options };
  }

  /** Reads now and every `intervalMs`; the timer does not keep the process alive. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.readOnce(), this.#options.intervalMs);
    this.#timer.unref();
    void this.readOnce();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One reading of every running container; a reading still under way makes this one a no-op. */
  async readOnce(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      await this.#read();
    } catch {
      // No proc folder (not Linux): nothing to report, and nothing to fail the cluster over.
    } finally {
      this.#reading = false;
    }
  }

  async #read(): Promise<void> {
    const containers = this.#options.containers();
    const table = containers.length === 0 ? undefined : await readProcessTable(this.#options.procRoot);
    const atMs = this.#options.now();
    const oldestMs = atMs - this.#options.windowMs;
    this.#readingTimesMs = [...this.#readingTimesMs.filter((time) => time >= oldestMs), atMs];
    const seen = new Set<string>();
    for (const container of containers) {
      const tree = table === undefined ? [] : processTree(table, container.pid);
      if (tree.length === 0) continue; // exited between the kubelet's view and the reading
      const key = `${container.uid}/${container.container}/${container.pid}`;
      seen.add(key);
      const { cpuTicks, rssPages } = treeUsage(tree);
      const reading = {
        atMs,
        cpuNs: (cpuTicks * 1e9) / this.#ticksPerSecond,
        memoryBytes: rssPages * this.#pageSizeBytes,
      };
      const before = this.#history.get(key)?.readings.filter((kept) => kept.atMs >= oldestMs) ?? [];
      this.#history.set(key, { container, readings: [...before, reading] });
    }
    for (const key of this.#history.keys()) if (!seen.has(key)) this.#history.delete(key);
  }

  /** Every pod whose containers all have a rate yet. */
  pods(): PodUsage[] {
    const byPod = new Map<string, PodUsage & { complete: boolean }>();
    for (const { container, readings } of this.#history.values()) {
      const first = readings[0];
      const last = readings.at(-1);
      const key = `${container.namespace}/${container.pod}/${container.uid}`;
      const pod = byPod.get(key) ?? {
        namespace: container.namespace,
        name: container.pod,
        nodeName: container.nodeName,
        timestampMs: last?.atMs ?? 0,
        windowMs: 0,
        containers: [],
        complete: true,
      };
      byPod.set(key, pod);
      if (first === undefined || last === undefined || last.atMs <= first.atMs) {
        pod.complete = false;
        continue;
      }
      const windowMs = last.atMs - first.atMs;
      pod.windowMs = Math.max(pod.windowMs, windowMs);
      pod.containers.push({
        name: container.container,
        // A descendant that left the tree unreaped takes its time with it: never a negative rate.
        cpuNanocores: Math.round((Math.max(0, last.cpuNs - first.cpuNs) * 1000) / windowMs),
        memoryBytes: last.memoryBytes,
      });
    }
    return [...byPod.values()]
      .filter((pod) => pod.complete)
      .map(({ complete: _complete, ...pod }) => ({
        ...pod,
        containers: pod.containers.sort((a, b) => a.name.localeCompare(b.name)),
      }));
  }

  /**
   * Each named node's usage: the sum of its pods'. The nodes share this machine, so a node is the share that
   * runs its pods; the kubelet's and the system's own usage, which a real node's root cgroup includes, is not
   * counted. None before the second reading.
   */
  nodes(names: readonly string[]): NodeUsage[] {
    const first = this.#readingTimesMs[0];
    const last = this.#readingTimesMs.at(-1);
    if (first === undefined || last === undefined || last <= first) return [];
    const pods = this.pods();
    return names.map((name) => {
      const containers = pods.filter((pod) => pod.nodeName === name).flatMap((pod) => pod.containers);
      return {
        name,
        timestampMs: last,
        windowMs: last - first,
        cpuNanocores: containers.reduce((total, container) => total + container.cpuNanocores, 0),
        memoryBytes: containers.reduce((total, container) => total + container.memoryBytes, 0),
      };
    });
  }
}
