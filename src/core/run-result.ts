import type { OutcomeKey } from './outcome.js';
import type { ResourceSample } from './resource-sample.js';
import type { LoadResult } from './result.js';
import type { TimelineEvent } from './timeline.js';
import type { WorkloadSettings } from './workload.js';

// The result of `rollbench run`: a LoadResult (summary and buckets, exactly as `rollbench load --json`)
// plus what the platform did and the verdict. Types only, shared by run/, analysis/ and report/.

/** What a platform says about itself. */
export interface PlatformInfo {
  name: 'local' | 'kubernetes';
  description: string;
  /**
   * Processes of the platform's own that ran on this machine beside the load generator (local: the embedded
   * cluster), with what they used — so the generator's figures are the generator's alone.
   */
  processes?: PlatformProcess[];
}

/** A platform process's CPU (user + system over its life) and peak resident memory; its children not counted. */
export interface PlatformProcess {
  name: string;
  cpuMs: number;
  /** Of `cpuMs`, what it used until the target was up (the cluster starting, the replicas created and ready). */
  startUpCpuMs?: number;
  peakRssBytes: number;
  /** What it does, for people: "API server, controllers, kubelet, kube-proxy; pods not counted". */
  note?: string;
  /** Of `cpuMs`, what threads of it told apart used (the embedded cluster's kube-proxy, on Linux). */
  threads?: PlatformThread[];
}

/** A thread of a platform process, and its CPU over its life (`startUpCpuMs` of it until the target was up). */
export interface PlatformThread {
  name: string;
  cpuMs: number;
  startUpCpuMs?: number;
  note?: string;
}

/** What a platform's `restore()` put back, and what it could not (each naming the object). */
export interface RestoreReport {
  restored: string[];
  leftChanged: string[];
}

/** The workload's settings as the platform held them: at start, and after the last action. */
export interface WorkloadRecord {
  before: WorkloadSettings;
  after?: WorkloadSettings;
}

/** Requests in a time window, counted from whole buckets (a bucket belongs where it starts). */
export interface WindowCounts {
  fromMs: number;
  toMs: number;
  requests: number;
  failed: number;
  outcomes: Record<OutcomeKey, number>;
}

export interface PhaseCounts extends WindowCounts {
  /** `warmup`, `steady`, an action id (e.g. `rollout@5s`) while it ran, or `cooldown`. */
  name: string;
}

/**
 * What the user requires of the judged window; every field optional. One type for the scenario's `slo:` and the
 * thresholds of `rollbench load`, key for flag: maxFailedRequests ↔ --max-failed-requests, maxErrorRate ↔
 * --max-error-rate, maxP99 (maxP99Ms once parsed) ↔ --max-p99.
 */
export interface Slo {
  /** Most failed requests allowed (0 = zero downtime). */
  maxFailedRequests?: number;
  /** Largest share of failed requests, 0..1. */
  maxErrorRate?: number;
  /** Largest p99 latency of successful requests, ms. */
  maxP99Ms?: number;
}

/** A check's name: the key the user writes in a scenario (`load` takes the same as a flag, in kebab case). */
export type SloName = 'maxFailedRequests' | 'maxErrorRate' | 'maxP99';

export interface SloCheck {
  name: SloName;
  /** In the check's unit: a count, a fraction (0..1), or ms. */
  limit: number;
  /** In the same unit; null when there was nothing to measure (maxP99 with no successful request: it fails). */
  measured: number | null;
  passed: boolean;
}

export interface Verdict {
  passed: boolean;
  /** The window judged (after the warmup), with its counts. */
  judged: WindowCounts;
  checks: SloCheck[];
}

/** One disruption as it happened; times are ms since the load started. */
export interface ActionRecord {
  id: string;
  type: string;
  plannedAtMs: number;
  /** When the platform began and finished the action, ms since the load started (the timeline's clock). */
  startedMs: number;
  finishedMs?: number;
  /**
   * Pods the action took out of service: replaced by a rollout, removed by a scale-down, evicted by a drain, deleted.
   * Earlier versions wrote it `podsReplaced`; such files are still read.
   */
  podsRemoved: string[];
  podsCreated: string[];
  /** Drain: total time evictions were refused by the disruption budget and waited to be retried, ms. */
  blockedMs?: number;
  error?: string;
}

/**
 * `settings.durationMs` is how long load was sent, as in `summary` (rounded): the run, not a configured
 * duration, ends its load. The run's cap is `scenario.asRun.timeoutMs`.
 */
export interface RunResult extends LoadResult {
  kind: 'run';
  scenario: { name: string; file?: string; asRun: unknown };
  platform: PlatformInfo;
  /** Events in order; `atMs` is ms since the load started (negative: before it). */
  timeline: TimelineEvent[];
  actions: ActionRecord[];
  phases: PhaseCounts[];
  verdict: Verdict;
  /** CPU and memory of every replica, sampled during the run (`atMs` since the load started). */
  resources?: { intervalMs: number; samples: ResourceSample[] };
  /** The workload's settings read from the platform (absent in results written before they were recorded). */
  workload?: WorkloadRecord;
  /** What the platform's restore put back after the run. */
  restored?: RestoreReport;
  /** Why the run ended early, if it did (interrupted, an action failed, the run timeout), and in which phase. */
  incomplete?: string;
}

/** One rate step of a capacity run. */
export interface CapacityStep {
  /** The rate asked for, rps. */
  rps: number;
  /** The step's load result (summary and buckets, as `rollbench load --json`). */
  load: LoadResult;
  /** The SLO judged on the whole step. */
  verdict: Verdict;
  /** Latency of the step's successful requests, all success outcomes merged, ms. */
  successLatency: { p50Ms: number; p99Ms: number; maxMs: number };
  /** What one replica used during the step (pooled over replicas); absent when nothing was sampled. */
  resources?: { samples: number; cpuMillicoresP50: number; cpuMillicoresP95: number; memoryBytesMax: number };
}

/** A step that ran its whole duration: one cut short (Ctrl-C, the run timeout) proves nothing about its rate. */
export function stepCompleted(step: CapacityStep): boolean {
  return step.load.summary.stopReason === 'completed';
}

/** A step that ran to the end and met the SLO: the only kind that counts as passing. */
export function stepPassed(step: CapacityStep): boolean {
  return step.verdict.passed && stepCompleted(step);
}

/** The result of a capacity run (`capacity:` in the scenario). */
export interface CapacityResult {
  schemaVersion: number;
  kind: 'capacity';
  tool: { name: 'rollbench'; version: string };
  startedAt: string;
  scenario: { name: string; file?: string; asRun: unknown };
  platform: PlatformInfo;
  replicas: number;
  steps: CapacityStep[];
  /** The highest rate whose step met the SLO (undefined: none did). */
  maxPassingRps?: number;
  /** Replicas needed for the scenario's target rate, scaling the per-replica capacity measured. */
  sizing?: { targetRps: number; rpsPerReplica: number; replicas: number };
  /** Why stepping stopped before the last rate because a step failed the SLO, if it did. */
  stoppedEarly?: string;
  /** Why the run ended before stepping was done (interrupted, the run timeout, a failure), if it did. */
  incomplete?: string;
  timeline: TimelineEvent[];
  workload?: WorkloadRecord;
  restored?: RestoreReport;
}
