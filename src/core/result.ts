import type { OutcomeStats } from './histogram.js';
import type { LoadModelName } from './load-model.js';
import type { OutcomeKey } from './outcome.js';

/**
 * The version of the result files rollbench writes. Bump it when a field changes meaning or disappears;
 * readers refuse versions they do not know instead of misreading them.
 */
export const RESULT_SCHEMA_VERSION = 3;

/**
 * What changed at each version, for the message a reader gives on an older file. 2: `summary.sentRps` /
 * `succeededRps` / `drainMs` and `generator.cpuUs` / `cores` / `cpuPercentOfCores` replaced `achievedRps`, `cpuMs`
 * and `cpuPercentOfOneCore`; the SLO's `p99Ms` became `maxP99`; capacity runs record `incomplete`. 3: see its line;
 * version 2 files are upgraded on reading (`run/result-upgrade.ts`).
 */
export const RESULT_SCHEMA_CHANGES: Readonly<Record<number, string>> = {
  2: 'rates became sentRps/succeededRps, the generator CPU a share of the cores, the SLO p99Ms maxP99',
  3: "an action's podsReplaced became podsRemoved, a timeline event's subject became action, runPhase or object",
};

/** One outcome within one time bucket: how many requests ended this way and their latency histogram. */
export interface BucketOutcome {
  count: number;
  /** HDR histogram of latencies in microseconds, compressed base64; absent when recording was off. */
  histogram?: string;
}

/** Requests grouped by the time they were meant to be sent (open model) or were sent (closed model). */
export interface Bucket {
  /** Start of the bucket, milliseconds since the start of the load. */
  startMs: number;
  outcomes: Record<OutcomeKey, BucketOutcome>;
  /** Sends in this bucket that left more than 1 ms after their intended time (open model). */
  lateSends?: number;
  /** Sends in this bucket that were skipped because the in-flight cap was reached (open model). */
  droppedSends?: number;
  /** Outcome counts per pod that answered (or that a proxy's error named), when pod headers are read. */
  pods?: Record<string, Record<OutcomeKey, number>>;
}

/** Per pod over the whole load: what reached it, and when it was first and last reached. */
export interface PodTotals {
  requests: number;
  failed: number;
  /**
   * When the first and last request that reached the pod were written onto a connection (sent, plus any wait for a
   * free connection), ms since the load started.
   */
  firstSentMs: number;
  lastSentMs: number;
  /** Send times of the first and last failed request attributed to the pod, if any failed. */
  firstFailedMs?: number;
  lastFailedMs?: number;
}

export interface LateSends {
  /** Sends that left more than 1 ms after their intended time. */
  over1Ms: number;
  /** Sends that left more than 10 ms after their intended time. */
  over10Ms: number;
  /** The latest any send left, in ms after its intended time. */
  maxMs: number;
}

/** The warm-up: load sent before the judged part, counted here and nowhere else. */
export interface WarmupSummary {
  /** From the warm-up's first send to the judged start, ms. */
  durationMs: number;
  requests: number;
  failed: number;
  outcomes: Record<OutcomeKey, OutcomeStats>;
}

export interface LoadSummary {
  /** Requests that ended with an outcome (a status or a transport failure). */
  requests: number;
  /** Requests whose outcome is not a 2xx/3xx status. */
  failed: number;
  /** Requests sent per second of load: the rate the target was offered (dropped sends are not sent). */
  sentRps: number;
  /** Requests that succeeded (2xx/3xx) per second of load: what the target got done. */
  succeededRps: number;
  /** How long load was sent, ms (shorter than asked when the run was stopped early). */
  durationMs: number;
  /** From the end of sending to the last outcome, ms: the answers (or timeouts) still awaited. */
  drainMs: number;
  lateSends: LateSends;
  /**
   * Requests written to a connection more than 1 / 10 ms after their intended time: the send's lateness plus the
   * time the request waited in the HTTP client's queue for a free connection (too few connections for the rate
   * and latency, or connections still opening). Absent in results written before it was measured.
   */
  lateWrites?: LateSends;
  droppedSends: number;
  /** Requests still in flight when the run was aborted; they have no outcome and are not counted above. */
  unfinished: number;
  outcomes: Record<OutcomeKey, OutcomeStats>;
  /**
   * What sending the load cost this process, from its start to its last outcome (durationMs + drainMs): CPU in µs
   * (user + system, all threads), the cores the process could use (os.availableParallelism()), and the CPU as a
   * percentage of those. The event loop runs on one core: near one core's worth, the generator may be the bottleneck.
   */
  generator: {
    cpuUs: number;
    cores: number;
    cpuPercentOfCores: number;
    maxRssBytes: number;
    /**
     * When the load had a thread of its own (`rollbench run`) and the OS says (Linux): that thread alone, over the
     * same time — its CPU, as a percentage of one core (its event loop's ceiling), and how long it was ready to run
     * but waited for a core (the machine busy with other work: sends due meanwhile leave late); and the most memory
     * it held (its V8 heap and the buffers and WebAssembly memory the heap holds; absent in older results).
     */
    loadThread?: { cpuUs: number; cpuPercentOfCore: number; waitedForCpuMs: number; peakMemoryBytes?: number };
  };
  /** `completed` (ran its duration), `stopped` (graceful stop, e.g. Ctrl-C) or `aborted`. */
  stopReason: StopReason;
  /** The warm-up (`warmupMs` > 0): its requests are in no bucket and in none of the counts above. */
  warmup?: WarmupSummary;
  /** Per pod, when pod headers were read (`rollbench run`, or `load --pod-header`). */
  pods?: Record<string, PodTotals>;
}

export type StopReason = 'completed' | 'stopped' | 'aborted';

/** The load settings as they were run, after defaults. */
export interface LoadSettings {
  /** Without user info (sent as Basic auth, recorded as a redacted authorization header). */
  url: string;
  model: LoadModelName;
  /** Target arrival rate (open model only). */
  rps?: number;
  connections: number;
  /**
   * `rollbench load`: the duration asked for (`summary.durationMs` is how long it ran: shorter when stopped).
   * `rollbench run`: how long the run kept the load going (a run ends the load itself; its cap is the run timeout).
   */
  durationMs: number;
  /** Load sent before the judged duration and kept out of it, ms; absent when none. */
  warmupMs?: number;
  timeoutMs: number;
  bucketMs: number;
  method: string;
  /** Request headers sent with every request, credentials as `<redacted>`; absent when none. */
  headers?: Record<string, string>;
  /** The open model's cap on requests in flight (`--max-in-flight`); absent when none. */
  maxInFlight?: number;
  maxRequestsPerConnection?: number;
  /** The HTTP client that sent the load (`rollbench` or `undici`); absent in older results. */
  httpClient?: string;
  histograms: boolean;
  podHeaders?: string[];
}

/** What `rollbench load --json` writes; the base of the RunResult of `rollbench run`. */
export interface LoadResult {
  schemaVersion: number;
  tool: { name: 'rollbench'; version: string };
  /** Wall-clock time the load started (ISO 8601); bucket times are relative to it. */
  startedAt: string;
  settings: LoadSettings;
  summary: LoadSummary;
  buckets: Bucket[];
}
