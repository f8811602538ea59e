import * as z from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { decodeHistogram } from '../core/histogram.js';
import type { LoadResult } from '../core/result.js';
import { RESULT_SCHEMA_CHANGES, RESULT_SCHEMA_VERSION } from '../core/result.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';
import { formatPath } from '../scenario/problems.js';

// What analysis and the reports read from a result file, checked before they read it: a file edited by hand,
// truncated or corrupted must be refused with the place of the problem, not crash an analysis half-way. Objects
// stay open (`looseObject`): a field added by a later minor version is no reason to refuse a file.

const count = z.int().min(0);

const histogram = z.string().superRefine((encoded, ctx) => {
  try {
    decodeHistogram(encoded);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `not an HDR histogram (compressed base64): ${(err as Error).message}`,
    });
  }
});

const bucket = z.looseObject({
  startMs: z.number(),
  outcomes: z.record(z.string(), z.looseObject({ count, histogram: histogram.optional() })),
  pods: z.record(z.string(), z.record(z.string(), count)).optional(),
});

const loadResult = {
  settings: z.looseObject({ bucketMs: z.number().positive() }),
  summary: z.looseObject({
    requests: count,
    failed: count,
    pods: z
      .record(
        z.string(),
        z.looseObject({
          lastSentMs: z.number(),
          firstFailedMs: z.number().optional(),
          lastFailedMs: z.number().optional(),
        }),
      )
      .optional(),
  }),
  buckets: z.array(bucket),
};

const loadOnlyResult = z.looseObject(loadResult);

const timelineEvent = z.looseObject({
  atMs: z.number(),
  type: z.string(),
  pod: z.string().optional(),
  action: z.string().optional(),
});

const scenario = z.looseObject({ name: z.string() });

const runResult = z.looseObject({
  ...loadResult,
  kind: z.literal('run'),
  scenario,
  timeline: z.array(timelineEvent),
  actions: z.array(
    z.looseObject({
      id: z.string(),
      startedMs: z.number(),
      finishedMs: z.number().optional(),
      podsRemoved: z.array(z.string()),
    }),
  ),
  phases: z.array(z.looseObject({ name: z.string(), fromMs: z.number(), toMs: z.number(), requests: count })),
  resources: z
    .looseObject({
      samples: z.array(
        z.looseObject({
          atMs: z.number(),
          pod: z.string(),
          container: z.string(),
          cpuMillicores: z.number().min(0),
          memoryBytes: z.number().min(0),
        }),
      ),
    })
    .optional(),
});

const capacityResult = z.looseObject({
  kind: z.literal('capacity'),
  scenario,
  replicas: z.int().min(0),
  steps: z.array(
    z.looseObject({
      rps: z.number().positive(),
      load: z.looseObject({ summary: z.looseObject({ succeededRps: z.number(), stopReason: z.string() }) }),
      verdict: z.looseObject({ passed: z.boolean() }),
      resources: z
        .looseObject({
          samples: count,
          cpuMillicoresP95: z.number().min(0),
          memoryBytesMax: z.number().min(0),
        })
        .optional(),
    }),
  ),
  sizing: z.looseObject({ targetRps: z.number(), replicas: z.int() }).optional(),
});

/** Problems past this many are counted, not listed: one corrupt bucket is usually a sign of many. */
const LISTED_PROBLEMS = 5;

function invalid(
  file: string,
  message: string,
  options: { hint?: string; details?: string[] } = {},
): InvalidInputError {
  return new InvalidInputError(`${file}: ${message}`, options);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function checked<T>(file: string, schema: z.ZodType, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return data as T;
  const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = problems.length - LISTED_PROBLEMS;
  throw invalid(file, `not a valid rollbench result: ${problems[0]}`, {
    details: [
      ...problems.slice(1, LISTED_PROBLEMS).map((problem) => `${file}: ${problem}`),
      ...(more > 0 ? [`${file}: … and ${more} more problems`] : []),
    ],
    hint: 'the file was changed after rollbench wrote it (edited, or damaged); run the scenario again for a whole one',
  });
}

/**
 * Checks that `data` (the parsed JSON of `file`) is a result `rollbench run` wrote, a run's or a capacity run's,
 * in a schema version this rollbench reads, and holds what analysis will read.
 * @throws {InvalidInputError} INVALID_INPUT (exit 3) naming the file and the first places that are wrong.
 */
export function checkResult(file: string, data: unknown): RunResult | CapacityResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(file, `not a rollbench result: the file holds ${describeJson(data)}, not a JSON object`);
  }
  const fields = data as Record<string, unknown>;
  if (fields.schemaVersion !== RESULT_SCHEMA_VERSION) {
    const version = fields.schemaVersion;
    const older = typeof version === 'number' && version < RESULT_SCHEMA_VERSION;
    throw invalid(
      file,
      `schemaVersion ${String(version)} is not one this rollbench reads (${RESULT_SCHEMA_VERSION})` +
        (older ? `: it was written by an earlier rollbench (since then ${changesSince(version)})` : ''),
      { hint: 'run the scenario again, or analyse the file with the rollbench version that wrote it' },
    );
  }
  if (fields.kind === 'run') return checked<RunResult>(file, runResult, data);
  if (fields.kind === 'capacity') return checked<CapacityResult>(file, capacityResult, data);
  if (fields.kind === undefined && 'buckets' in fields) {
    throw invalid(file, 'is a `rollbench load` result: it holds no platform events (pods, endpoints, actions)', {
      hint: '`rollbench recommend` and `rollbench compare` read the result.json `rollbench run` writes',
    });
  }
  throw invalid(file, `not a rollbench result: kind ${JSON.stringify(fields.kind)} is neither "run" nor "capacity"`);
}

/**
 * Like `checkResult`, and also accepts what `rollbench load --json` writes (for the reports, which can show a
 * load's outcomes over time without platform events).
 */
export function checkResultOrLoad(file: string, data: unknown): RunResult | CapacityResult | LoadResult {
  const fields = data as Record<string, unknown> | null;
  const isLoad =
    typeof fields === 'object' &&
    fields !== null &&
    fields.schemaVersion === RESULT_SCHEMA_VERSION &&
    fields.kind === undefined &&
    'buckets' in fields;
  return isLoad ? checked<LoadResult>(file, loadOnlyResult, data) : checkResult(file, data);
}

/** What changed in the result format after `version`, oldest first. */
function changesSince(version: number): string {
  return Object.entries(RESULT_SCHEMA_CHANGES)
    .filter(([changed]) => Number(changed) > version)
    .map(([, what]) => what)
    .join('; ');
}
