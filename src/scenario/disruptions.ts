import * as z from 'zod';
import { appSchema } from './app.js';
import { duration } from './durations.js';
import { renameMs } from './ms-keys.js';
import { dnsLabel } from './names.js';
import { strictObject } from './strict-object.js';

const at = duration({ description: 'when, as time since the load started; at or after the warmup' });

/** The pod `deletePod` picks when the user names none. */
export const RANDOM_POD = 'random';

/**
 * One schema per disruption, keyed by the `action` the user writes: the registry the platform's actions mirror.
 * Adding an action = adding an entry here (and its implementation); nothing else switches on the names.
 */
export const disruptionSchemas = {
  rollout: strictObject({
    at,
    action: z.literal('rollout').meta({ description: 'replace every pod, like kubectl rollout restart' }),
    app: appSchema.optional().meta({ description: 'local: the new version to roll out (same shape as target.app)' }),
    image: z
      .record(dnsLabel('container name'), z.string().min(1))
      .refine((images) => Object.keys(images).length > 0, { error: 'name at least one container: { app: image:tag }' })
      .optional()
      .meta({ description: 'kubernetes: container name → new image, like kubectl set image' }),
    patch: z.record(z.string(), z.unknown()).optional().meta({
      description: 'kubernetes: a strategic-merge patch of the pod template (spec.template), like kubectl patch',
    }),
  }),
  scale: strictObject({
    at,
    action: z.literal('scale').meta({ description: 'change the desired replicas' }),
    replicas: z.int().min(1),
  }),
  drain: strictObject({
    at,
    action: z.literal('drain').meta({ description: 'cordon a node and evict its pods, like kubectl drain' }),
    node: dnsLabel('node name').meta({ description: 'one of target.nodes' }),
  }),
  deletePod: strictObject({
    at,
    action: z.literal('deletePod').meta({ description: 'delete one pod, like kubectl delete pod' }),
    pod: dnsLabel('pod name')
      .default(RANDOM_POD)
      .meta({ description: `a pod name (local: web-r<revision>-<n>, e.g. web-r1-2), or ${RANDOM_POD} (default)` }),
  }),
} as const;

/** The actions a scenario can schedule. */
export type ActionName = keyof typeof disruptionSchemas;

/** A disruption as parsed: `atMs` (ms since the load started) and the action's own fields. */
export const disruptionSchema = z.discriminatedUnion('action', [
  disruptionSchemas.rollout.transform((disruption) => renameMs(disruption, ['at'])),
  disruptionSchemas.scale.transform((disruption) => renameMs(disruption, ['at'])),
  disruptionSchemas.drain.transform((disruption) => renameMs(disruption, ['at'])),
  disruptionSchemas.deletePod.transform((disruption) => renameMs(disruption, ['at'])),
]);
