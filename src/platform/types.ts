import type { PlatformAction } from '../core/platform-action.js';
import type { ResourceSample } from '../core/resource-sample.js';
import type { PlatformInfo, RestoreReport } from '../core/run-result.js';
import type { TimelineSink } from '../core/timeline.js';
import type { WorkloadSettings } from '../core/workload.js';

export type { PlatformAction, RolloutChange } from '../core/platform-action.js';
export type { PlatformInfo, RestoreReport };

export interface ActionReport {
  id: string;
  /** When the platform began and finished it, performance.now() ms. */
  startedMs: number;
  finishedMs: number;
  /** Pods removed / created by the action. */
  podsRemoved: string[];
  podsCreated: string[];
  /** drain: how long evictions were refused by the disruption budget (retries pending), ms. */
  blockedMs?: number;
}

export interface PlatformCapabilities {
  actions: Array<PlatformAction['type']>;
  /** Resource samples available (kubernetes: metrics.k8s.io is served). */
  metrics: boolean;
}

/**
 * The small interface every platform implements. `act` resolves once the action is complete in the platform's
 * own terms (a rollout: when `kubectl rollout status` would say so).
 */
export interface Platform {
  /** name 'local' | 'kubernetes', and a description (kubernetes: context, cluster, namespace). */
  describe(): PlatformInfo;
  capabilities(): PlatformCapabilities;
  /**
   * Brings the target up (local) or checks it is there and ready (kubernetes: the Deployment exists and is rolled
   * out); resolves with the URL to load.
   */
  start(signal: AbortSignal): Promise<{ url: string }>;
  /**
   * Streams timeline events into `sink` until `signal` aborts (kubernetes: watches); resolves once stopped. Events
   * from before the call (the local platform's start-up) come first: called with a signal already aborted, it only
   * delivers those.
   */
  observe(sink: TimelineSink, signal: AbortSignal): Promise<void>;
  /** One reading per pod/container, like `kubectl top pod --containers` (atMs: performance.now()). */
  sample(): Promise<ResourceSample[]>;
  /** The workload's effective settings as the platform holds them now (read, not taken from the scenario). */
  settings(): Promise<WorkloadSettings>;
  act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport>;
  /**
   * Undoes what the run changed (uncordon, replicas, template fields patched; local: stops every process). Always
   * runs; never throws. `signal`: stop waiting for what is slow to settle (a rollout), having undone it.
   */
  restore(signal?: AbortSignal): Promise<RestoreReport>;
  /**
   * Optional: patches the workload's pod template (strategic merge) and resolves once it is rolled out, naming the
   * fields it touched; `restore()` puts them back as they were. Absent: the platform cannot change its workload.
   */
  patchTemplate?(template: Record<string, unknown>, signal: AbortSignal): Promise<{ fields: string[] }>;
  /** Optional: what the platform is waiting for, in a few words for a progress line (start-up, an action). */
  activity?(): string | undefined;
}
