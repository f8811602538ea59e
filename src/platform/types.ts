import type { PlatformInfo } from '../core/run-result.js';
import type { TimelineSink } from '../core/timeline.js';
import type { AppSpec } from './local/app-command.js';

export type { PlatformInfo };

/** A disruption as the platform receives it; the registry in actions/ turns scenario entries into these. */
export type PlatformAction =
  | { type: 'rollout'; id: string; app?: AppSpec }
  | { type: 'scale'; id: string; replicas: number }
  | { type: 'drain'; id: string; node: string }
  | { type: 'deletePod'; id: string; pod: string };

export interface ActionReport {
  id: string;
  /** When the platform began and finished it, performance.now() ms. */
  startedMs: number;
  finishedMs: number;
  /** Pods removed / created by the action. */
  podsReplaced: string[];
  podsCreated: string[];
  /** drain: how long evictions were refused by the disruption budget (retries pending), ms. */
  blockedMs?: number;
}

/**
 * The small interface every platform implements. `act` resolves once the action is complete in the
 * platform's own terms (a rollout: when `kubectl rollout status` would say so).
 */
export interface Platform {
  describe(): PlatformInfo;
  /** Brings the target up (local) or checks it is there (kubernetes); resolves with the URL to load. */
  start(sink: TimelineSink, signal: AbortSignal): Promise<{ url: string }>;
  act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport>;
  /** Undoes whatever the run changed (local: stops every process). Always runs; never throws. */
  restore(): Promise<void>;
  /** Optional: what an action under way is waiting for, in a few words for a progress line. */
  activity?(): string | undefined;
}
