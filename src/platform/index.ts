import { LocalPlatform, type LocalTargetSpec } from './local/local-platform.js';
import { UPSTREAM_HEADER } from './local/proxy/index.js';
import type { Platform } from './types.js';

export type { AppSpec, SampleAppSpec } from './local/app-command.js';
export type { LocalRolloutExtension } from './local/local-platform.js';
export type * from './types.js';

/** A local target: replicas as processes on this machine (everything but where pod logs go, which the run says). */
export type LocalTarget = { platform: 'local' } & Omit<LocalTargetSpec, 'logDir'>;

/** Where a run's workload is, keyed by `platform`: what `run` hands the registry to get its Platform. */
export type PlatformTarget = LocalTarget;

export type PlatformName = PlatformTarget['platform'];

/** What the run gives every platform besides its target. */
export interface PlatformContext {
  /** Where per-pod logs go (local). */
  logDir: string;
}

interface PlatformEntry<T extends PlatformTarget> {
  create(target: T, context: PlatformContext): Platform;
  /** Response headers, besides the app's own, that name the pod a request reached (a proxy's error names it). */
  podHeaders: readonly string[];
  /** What `start()` brings up or checks, in a few words: "3 replicas", "deployment default/web". */
  describeTarget(target: T): string;
  /** The plan's first and last steps for people: what start() does, and what restore() does. */
  planStart(target: T): string;
  planRestore: string;
}

type Entries = { [K in PlatformName]: PlatformEntry<Extract<PlatformTarget, { platform: K }>> };

// One entry per platform a scenario can name; explicit, no registration by import side effect.
const platforms: Entries = {
  local: {
    create: ({ platform: _platform, ...target }, { logDir }) => new LocalPlatform({ ...target, logDir }),
    podHeaders: [UPSTREAM_HEADER],
    describeTarget: (target) => `${target.replicas} replica${target.replicas === 1 ? '' : 's'}`,
    planStart: (target) =>
      `start ${target.replicas} replicas (${'sampleApp' in target.app ? 'built-in sample app' : 'your command'}) behind an ${target.proxy.mode} proxy, wait until all are ready`,
    planRestore: 'every replica process and the proxy are stopped; the result is written',
  },
};

function entryOf<T extends PlatformTarget>(target: T): PlatformEntry<T> {
  return platforms[target.platform] as unknown as PlatformEntry<T>;
}

/** The platform `target.platform` names, for one run. */
export function createPlatform(target: PlatformTarget, context: PlatformContext): Platform {
  return entryOf(target).create(target, context);
}

/** The response headers, besides the app's own, that name a pod on this target's platform. */
export function platformPodHeaders(target: PlatformTarget): readonly string[] {
  return entryOf(target).podHeaders;
}

/** What a run of this target starts with, for people: "3 replicas". */
export function describeTarget(target: PlatformTarget): string {
  return entryOf(target).describeTarget(target);
}

/** The plan's first and last steps for this target: what start() does, and what restore() does. */
export function planOf(target: PlatformTarget): { start: string; restore: string } {
  const entry = entryOf(target);
  return { start: entry.planStart(target), restore: entry.planRestore };
}
