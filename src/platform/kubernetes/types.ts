/**
 * The platform contract of issue 11 (`/work/contract-platform.md`), mirrored here until `src/platform/types.ts`,
 * `src/core/workload.ts` and `src/core/timeline.ts` take this shape: the merge then only changes imports.
 */

import type { ResourceSample } from '../../core/resource-sample.js';
import type { PlatformInfo } from '../../core/run-result.js';
import type {
  TimelineEvent as CoreTimelineEvent,
  TimelineEventType as CoreTimelineEventType,
} from '../../core/timeline.js';

export type { PlatformInfo, ResourceSample };

/** The contract's additions: a scale or an HPA, a step of a rollout, a cluster warning without a closer type. */
export type TimelineEventType = CoreTimelineEventType | 'replicas-changed' | 'rollout-progress' | 'platform-warning';

export interface TimelineEvent extends Omit<CoreTimelineEvent, 'type'> {
  type: TimelineEventType;
  uid?: string;
  node?: string;
  /** pod-template-hash of a pod, or the Deployment's revision. */
  revision?: string;
  /** Pod phase. */
  phase?: string;
  conditions?: Record<string, boolean>;
  endpoint?: { ready: boolean; serving: boolean; terminating: boolean };
  /** `client`: atMs is when the watch event arrived; `server`: from an object timestamp (1 s resolution). */
  source?: 'client' | 'server';
}

export type TimelineSink = (event: TimelineEvent) => void;

export interface ContainerSettings {
  name: string;
  image?: string;
  /** lifecycle.preStop: sleep seconds, or an exec command (its duration unknown), or none. */
  preStop?: { sleepSeconds: number } | { exec: string[] } | { httpGet: { path?: string; port: number | string } };
  readinessProbe?: {
    periodSeconds: number;
    initialDelaySeconds: number;
    failureThreshold: number;
    successThreshold: number;
    timeoutSeconds: number;
  };
  requests?: { cpuMillicores?: number; memoryBytes?: number };
  limits?: { cpuMillicores?: number; memoryBytes?: number };
}

export interface WorkloadSettings {
  /** kubernetes: namespace/deployment. */
  name: string;
  replicas: number;
  strategy: { type: 'RollingUpdate' | 'Recreate'; maxSurge?: number | string; maxUnavailable?: number | string };
  minReadySeconds: number;
  progressDeadlineSeconds?: number;
  terminationGracePeriodSeconds: number;
  containers: ContainerSettings[];
}

/** What a rollout changes, whatever the platform. */
export type RolloutChange =
  | { kind: 'restart' }
  | { kind: 'image'; images: Record<string, string> }
  | { kind: 'patch'; template: Record<string, unknown> };

export type PlatformAction =
  | { type: 'rollout'; id: string; change: RolloutChange; extension?: unknown }
  | { type: 'scale'; id: string; replicas: number }
  | { type: 'drain'; id: string; node: string }
  | { type: 'deletePod'; id: string; pod: string };

export interface ActionReport {
  id: string;
  /** performance.now() ms. */
  startedMs: number;
  finishedMs: number;
  podsReplaced: string[];
  podsCreated: string[];
  /** drain: how long evictions were refused by the disruption budget, ms. */
  blockedMs?: number;
}

export interface PlatformCapabilities {
  actions: Array<PlatformAction['type']>;
  /** Resource samples available (metrics.k8s.io is served). */
  metrics: boolean;
}

/** What `restore()` put back, and what it could not (each naming the object). */
export interface RestoreReport {
  restored: string[];
  leftChanged: string[];
}

export interface Platform {
  describe(): PlatformInfo;
  capabilities(): PlatformCapabilities;
  start(signal: AbortSignal): Promise<{ url: string }>;
  observe(sink: TimelineSink, signal: AbortSignal): Promise<void>;
  sample(): Promise<ResourceSample[]>;
  settings(): Promise<WorkloadSettings>;
  act(action: PlatformAction, signal: AbortSignal): Promise<ActionReport>;
  restore(): Promise<RestoreReport>;
  activity?(): string | undefined;
}
