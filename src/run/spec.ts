import type { DisruptionSpec } from '../actions/index.js';
import type { Slo } from '../core/run-result.js';
import type { LoadOptions } from '../load/options.js';
import type { PlatformTarget } from '../platform/index.js';

/** What `rollbench run` executes: a validated scenario, resolved (times in ms). */
export interface RunSpec {
  name: string;
  /** The scenario file it came from, if any. */
  file?: string;
  /** The scenario as the user wrote it (after defaults), stored in the result. */
  asRun: unknown;
  /** Where the workload is; `target.platform` picks the platform from the registry. */
  target: PlatformTarget;
  /** Load settings; `path` is appended to the target's URL unless `url` is given. */
  load: Omit<LoadOptions, 'url' | 'durationMs'> & { path?: string; url?: string };
  warmupMs: number;
  cooldownMs: number;
  /** The whole run is stopped after this long (counted from the load start). */
  timeoutMs: number;
  disruptions: Array<{ atMs: number; spec: DisruptionSpec }>;
  slo: Slo;
  /** How often replicas' CPU and memory are sampled, ms. */
  sampleIntervalMs: number;
  /** A capacity experiment instead of a disruption timeline. */
  capacity?: { ratesRps: number[]; stepDurationMs: number; targetRps?: number };
}
