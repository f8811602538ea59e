import type { ResourceSample } from '../../core/resource-sample.js';
import type { PhaseCounts } from '../../core/run-result.js';
import { type Percentiles, percentiles } from '../percentile.js';

/** A phase of the run with its request count (RunResult.phases fits). Times are ms since the load started. */
export type LoadPhase = Pick<PhaseCounts, 'name' | 'fromMs' | 'toMs' | 'requests'>;

/** What one container used over the sampled window, all its pods pooled. */
export interface UsageStats {
  samples: number;
  pods: number;
  /** First and last sample, ms since the load started. */
  fromMs: number;
  toMs: number;
  cpuMillicores: Percentiles;
  memoryBytes: Percentiles;
}

/** Usage against the load it served, over the load window (the steady phases). */
export interface LoadStats {
  /** Requests per second the whole service received. */
  rps: number;
  /** Mean number of replicas sampled (pod-time / wall time). */
  replicas: number;
  /** p95 of one replica's CPU over the load window: the usage `rps / replicas` is set against. */
  cpuP95Millicores: number;
  /** Mean total CPU of all replicas per 100 requests/s: CPU grows with the rate. */
  cpuMillicoresPer100Rps: number;
  /** Mean memory of one replica: memory does not grow per request, it is held per process. */
  memoryBytesPerReplica: number;
}

/** `Map.groupBy`, which Node 20 lacks. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export const inPhases = (phases: readonly LoadPhase[]) => (sample: ResourceSample) =>
  phases.some((phase) => sample.atMs >= phase.fromMs && sample.atMs < phase.toMs);

/** Usage of one container's samples (non-empty). */
export function usageStats(samples: readonly ResourceSample[]): UsageStats {
  const times = samples.map((sample) => sample.atMs);
  return {
    samples: samples.length,
    pods: new Set(samples.map((sample) => sample.pod)).size,
    fromMs: Math.min(...times),
    toMs: Math.max(...times),
    cpuMillicores: percentiles(samples.map((sample) => sample.cpuMillicores)),
    memoryBytes: percentiles(samples.map((sample) => sample.memoryBytes)),
  };
}

/**
 * Usage per load. Each sample stands for the time since the previous sample of its pod (the interval its CPU
 * rate was measured over; a pod's first sample for the median interval), so samples weigh by the time they
 * cover whatever the sampling rate: replicas = Σ interval / window, total CPU = Σ cpu × interval / window.
 * `allSamples` are one container's samples over the whole run (to find each sample's interval); only those
 * inside `loadPhases` count. Undefined when nothing was sampled or no request was sent in the load window.
 */
export function loadStats(
  allSamples: readonly ResourceSample[],
  loadPhases: readonly LoadPhase[],
): LoadStats | undefined {
  const windowMs = loadPhases.reduce((total, phase) => total + (phase.toMs - phase.fromMs), 0);
  const requests = loadPhases.reduce((total, phase) => total + phase.requests, 0);
  if (windowMs <= 0 || requests === 0) return undefined;
  const samples = [...allSamples].sort((a, b) => a.atMs - b.atMs);
  const intervals = sampleIntervalsMs(samples);
  const inLoad = inPhases(loadPhases);
  let podMs = 0;
  let cpuMillicoreMs = 0;
  let memoryByteMs = 0;
  const cpu: number[] = [];
  for (const [index, sample] of samples.entries()) {
    const intervalMs = intervals[index] ?? 0;
    if (!inLoad(sample) || intervalMs <= 0) continue;
    podMs += intervalMs;
    cpuMillicoreMs += sample.cpuMillicores * intervalMs;
    memoryByteMs += sample.memoryBytes * intervalMs;
    cpu.push(sample.cpuMillicores);
  }
  if (podMs === 0) return undefined;
  const rps = requests / (windowMs / 1000);
  const per100Rps = (millicoreMs: number) => (millicoreMs / windowMs / rps) * 100;
  return {
    rps,
    replicas: podMs / windowMs,
    cpuP95Millicores: percentiles(cpu).p95,
    cpuMillicoresPer100Rps: per100Rps(cpuMillicoreMs),
    memoryBytesPerReplica: memoryByteMs / podMs,
  };
}

/**
 * The time each sample (in time order) covers: since the previous sample of the same pod, or the median
 * interval for a pod's first.
 */
function sampleIntervalsMs(samples: readonly ResourceSample[]): Array<number | undefined> {
  const lastAt = new Map<string, number>();
  const intervals = samples.map((sample) => {
    const previous = lastAt.get(sample.pod);
    lastAt.set(sample.pod, sample.atMs);
    return previous === undefined ? undefined : sample.atMs - previous;
  });
  const known = intervals.filter((interval): interval is number => interval !== undefined);
  const median = percentiles(known).p50;
  return intervals.map((interval) => interval ?? (Number.isNaN(median) ? undefined : median));
}
