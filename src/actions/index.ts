import { formatDurationMs } from '../core/duration.js';
import type { PlatformAction, RolloutChange } from '../core/platform-action.js';

/**
 * A disruption as a scenario states it, keyed by the `action` the user writes. A rollout's `extension` is what
 * only one platform reads (local: the app the new revision runs), passed through untouched.
 */
export type DisruptionSpec =
  | { action: 'rollout'; change: RolloutChange; extension?: unknown }
  | { action: 'scale'; replicas: number }
  | { action: 'drain'; node: string }
  | { action: 'deletePod'; pod: string };

interface ActionType<S extends DisruptionSpec> {
  /** One line for people: what will happen. */
  describe(spec: S): string;
  /** What the platform receives. */
  toPlatform(spec: S, id: string): PlatformAction;
}

function describeChange({ change, extension }: Extract<DisruptionSpec, { action: 'rollout' }>): string {
  switch (change.kind) {
    case 'restart':
      return `${extension === undefined ? '' : 'running the new app '}(like kubectl rollout restart)`;
    case 'image':
      return `with ${Object.entries(change.images)
        .map(([container, image]) => `${container}=${image}`)
        .join(', ')} (like kubectl set image)`;
    case 'patch':
      return 'with the pod template patched (like kubectl patch)';
  }
}

// One entry per action type users can write; explicit, no registration by import side effect.
const actionTypes: { [K in DisruptionSpec['action']]: ActionType<Extract<DisruptionSpec, { action: K }>> } = {
  rollout: {
    describe: (spec) => `rollout: replace every pod with a new revision ${describeChange(spec)}`,
    toPlatform: (spec, id) => ({
      type: 'rollout',
      id,
      change: spec.change,
      ...(spec.extension === undefined ? {} : { extension: spec.extension }),
    }),
  },
  scale: {
    describe: (spec) => `scale to ${spec.replicas} replicas`,
    toPlatform: (spec, id) => ({ type: 'scale', id, replicas: spec.replicas }),
  },
  drain: {
    describe: (spec) => `drain node ${spec.node}: cordon, evict its pods within the disruption budget`,
    toPlatform: (spec, id) => ({ type: 'drain', id, node: spec.node }),
  },
  deletePod: {
    describe: (spec) => `delete pod ${spec.pod === 'random' ? '(a random one)' : spec.pod}`,
    toPlatform: (spec, id) => ({ type: 'deletePod', id, pod: spec.pod }),
  },
};

function typeOf<S extends DisruptionSpec>(spec: S): ActionType<S> {
  return actionTypes[spec.action] as unknown as ActionType<S>;
}

/** The id an action carries in the timeline and reports: `rollout@5s`. */
export function actionId(spec: DisruptionSpec, atMs: number): string {
  return `${spec.action}@${formatDurationMs(atMs)}`;
}

export function describeAction(spec: DisruptionSpec): string {
  return typeOf(spec).describe(spec);
}

export function toPlatformAction(spec: DisruptionSpec, atMs: number): PlatformAction {
  return typeOf(spec).toPlatform(spec, actionId(spec, atMs));
}
