import * as z from 'zod';
import { capacitySchema } from './capacity.js';
import { compareSchema } from './compare.js';
import { disruptionSchema } from './disruptions.js';
import { duration } from './durations.js';
import { errorRate } from './error-rate.js';
import { loadSchema } from './load.js';
import { renameMs } from './ms-keys.js';
import { dnsLabel } from './names.js';
import { strictObject } from './strict-object.js';
import { targetSchema } from './target.js';

/** What the run must meet after the warmup; each key is also a `rollbench load` flag (maxP99 ↔ --max-p99). */
const sloSchema = strictObject({
  maxFailedRequests: z.int().min(0).optional().meta({ description: 'most failed requests allowed after the warmup' }),
  maxErrorRate: errorRate().optional().meta({
    description: 'most failed requests allowed, of the requests judged: a fraction (0.001) or a percentage (0.1%)',
  }),
  maxP99: duration({
    positive: true,
    description: 'highest p99 latency of successful requests, e.g. 250ms',
  }).optional(),
  p99Ms: z
    .never({
      error: (issue) =>
        `was renamed to maxP99, which takes a duration: write maxP99: ${typeof issue.input === 'number' ? `${issue.input}ms` : '250ms'}`,
    })
    .optional()
    .meta({ description: 'renamed maxP99 (a duration, e.g. 250ms)' }),
}).transform(({ p99Ms: _renamed, ...slo }) => renameMs(slo, ['maxP99']));

/** Every field of a scenario file, each validated on its own; the rules across fields are added in schema.ts. */
export const scenarioFieldsSchema = strictObject({
  name: dnsLabel('scenario name').meta({ description: 'names the output folder: lowercase letters, digits, -' }),
  description: z.string().optional(),
  target: targetSchema,
  load: loadSchema.prefault({}),
  warmup: duration({ description: 'load runs but is not judged by the SLO; default 5s' }).prefault('5s'),
  cooldown: duration({ description: 'load keeps running after the last disruption completed; default 5s' }).prefault(
    '5s',
  ),
  disruptions: z.array(disruptionSchema).prefault([]),
  capacity: capacitySchema.optional().meta({
    description: 'a capacity experiment: step the rate up instead of disrupting (excludes disruptions)',
  }),
  slo: sloSchema.prefault({}),
  compare: compareSchema.optional().meta({
    description: 'what `rollbench compare` and `run --baseline` call a regression against a baseline run',
  }),
  sampleInterval: duration({
    minMs: 100,
    description: 'how often each replica’s CPU and memory are sampled (like kubectl top); default 1s',
  }).prefault('1s'),
  timeout: duration({
    positive: true,
    description: 'the whole run is stopped (interrupted) after this; default 5m',
  }).prefault('5m'),
});

/** The scenario's fields once parsed, before the top-level durations get their `Ms` names. */
export type ScenarioFields = z.output<typeof scenarioFieldsSchema>;
