// The platform contract, as src/platform/types.ts and core/ define it; one import place for the kubernetes files.
export type { ResourceSample } from '../../core/resource-sample.js';
export type { TimelineEvent, TimelineEventType, TimelineSink } from '../../core/timeline.js';
export type { ContainerSettings, WorkloadSettings } from '../../core/workload.js';
export type {
  ActionReport,
  Platform,
  PlatformAction,
  PlatformCapabilities,
  PlatformInfo,
  RestoreReport,
  RolloutChange,
} from '../types.js';
