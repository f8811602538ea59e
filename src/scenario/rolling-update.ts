import * as z from 'zod';
import {
  type IntOrPercent,
  PERCENT,
  type ResolvedRollingUpdate,
  type RollingUpdate,
  resolveFenceposts,
} from '../core/rolling-update.js';
import { strictObject } from './strict-object.js';

export type { IntOrPercent, ResolvedRollingUpdate, RollingUpdate };

function isPercent(text: string): text is `${number}%` {
  return PERCENT.test(text);
}

const EXPECTED = 'expected an integer or a percentage such as "25%"';

/** A non-negative integer, or an integer percentage from 0% to 100% written as a string ("25%"). */
export const intOrPercent = z.union(
  [
    z.int().min(0),
    z
      .string()
      .regex(PERCENT, { abort: true, error: (issue) => `${EXPECTED}, got ${JSON.stringify(issue.input)}` })
      .refine((text) => Number.parseInt(text, 10) <= 100, { error: 'a percentage must be between 0% and 100%' })
      .transform((text) => text as `${number}%`),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' && issue.errors.every((option) => option.every((i) => i.code === 'invalid_type'))
        ? `${EXPECTED}, got ${typeof issue.input === 'object' ? 'a mapping or list' : JSON.stringify(issue.input)}`
        : undefined,
  },
);

/** Kubernetes' defaults for a Deployment's rolling update. */
export const rollingUpdateDefaults: RollingUpdate = { maxSurge: '25%', maxUnavailable: '25%' };

export const rollingUpdateSchema = strictObject({
  maxSurge: intOrPercent
    .prefault(rollingUpdateDefaults.maxSurge)
    .meta({ description: 'pods above replicas during a rollout: a count or a percentage (rounded up); default 25%' }),
  maxUnavailable: intOrPercent.prefault(rollingUpdateDefaults.maxUnavailable).meta({
    description: 'pods that may be unready during a rollout: a count or a percentage (rounded down); default 25%',
  }),
});

/**
 * Resolves maxSurge and maxUnavailable to pod counts the way the Deployment controller does
 * (`deploymentutil.ResolveFenceposts`): a percentage of `replicas`, maxSurge rounded up and maxUnavailable down,
 * so 25%/25% of 3 replicas is 1/0, of 4 is 1/1, of 10 is 3/2.
 * @throws {RangeError} when both resolve to 0: such a rollout could never replace a pod. (Kubernetes rejects an
 *   explicit 0/0 and quietly raises a rounded-down 0 maxUnavailable to 1; rollbench asks the user to choose.)
 */
export function resolveRollingUpdate(replicas: number, update: RollingUpdate): ResolvedRollingUpdate {
  for (const [name, value] of Object.entries(update)) {
    if (typeof value === 'string' && !isPercent(value)) throw new RangeError(`${name}: "${value}" is not a percentage`);
  }
  const resolved = resolveFenceposts(replicas, update);
  if (resolved.maxSurge === 0 && resolved.maxUnavailable === 0) {
    throw new RangeError(
      `maxSurge ${update.maxSurge} and maxUnavailable ${update.maxUnavailable} both resolve to 0 pods with ${replicas} ` +
        'replicas, so a rollout could never replace a pod; allow a surge (e.g. maxSurge: 1) or unavailability',
    );
  }
  return resolved;
}
