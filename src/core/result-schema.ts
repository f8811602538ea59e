import * as z from 'zod';
import { LOAD_MODELS } from './load-model.js';
import { RESULT_SCHEMA_VERSION } from './result.js';

// The result files as zod schemas: the source of schemas/result.schema.json (`npm run schema`), which documents
// result.json for people and tools. They describe exactly the TypeScript types of result.ts and run-result.ts:
// test/core/result-schema.test.ts fails to compile when either side changes without the other.

const count = z.int().min(0);
const ms = z.number();
const optionalNumber = z.number().optional();
/** Keys are outcome keys: an HTTP status ("200", "502") or a transport error class ("ECONNRESET", "TIMEOUT"). */
const byOutcome = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

const outcomeStats = z
  .object({ count, p50Ms: z.number(), p90Ms: z.number(), p99Ms: z.number(), p999Ms: z.number(), maxMs: z.number() })
  .meta({
    id: 'OutcomeStats',
    description:
      'latency percentiles in ms from the HDR histogram (3 significant digits), by nearest rank: the smallest ' +
      'latency with at least p % of the requests at or below it — the one definition of every percentile rollbench ' +
      'reports (drain lag and resource usage too)',
  });

const bucket = z
  .object({
    startMs: ms.meta({ description: 'start of the bucket, ms since the load started' }),
    outcomes: byOutcome(
      z.object({
        count,
        histogram: z
          .string()
          .optional()
          .meta({ description: 'HDR histogram of latencies in µs, compressed base64; absent when recording was off' }),
      }),
    ),
    lateSends: count.optional(),
    droppedSends: count.optional(),
    pods: z.record(z.string(), byOutcome(count)).optional(),
  })
  .meta({ id: 'Bucket' });

const podTotals = z.object({
  requests: count,
  failed: count,
  firstSentMs: ms,
  lastSentMs: ms,
  firstFailedMs: optionalNumber,
  lastFailedMs: optionalNumber,
});

const lateSends = z.object({ over1Ms: count, over10Ms: count, maxMs: ms });

const loadSummary = z.object({
  requests: count,
  failed: count,
  sentRps: z.number(),
  succeededRps: z.number(),
  durationMs: ms,
  drainMs: ms,
  lateSends,
  lateWrites: lateSends.optional(),
  droppedSends: count,
  unfinished: count,
  outcomes: byOutcome(outcomeStats),
  generator: z.object({
    cpuUs: z.number(),
    cores: z.number(),
    cpuPercentOfCores: z.number(),
    maxRssBytes: z.number(),
    loadThread: z
      .object({
        cpuUs: z.number(),
        cpuPercentOfCore: z.number(),
        waitedForCpuMs: z.number(),
        peakMemoryBytes: optionalNumber.meta({
          description: 'the most memory it held: its V8 heap, and the buffers and WebAssembly memory the heap holds',
        }),
      })
      .optional()
      .meta({
        description:
          'The load thread alone (rollbench run, Linux): its CPU, as % of one core, how long it waited for a core, ' +
          'and its memory',
      }),
  }),
  stopReason: z.enum(['completed', 'stopped', 'aborted']),
  warmup: z.object({ durationMs: ms, requests: count, failed: count, outcomes: byOutcome(outcomeStats) }).optional(),
  pods: z.record(z.string(), podTotals).optional(),
});

const loadSettings = z.object({
  url: z.string(),
  model: z.enum(LOAD_MODELS),
  rps: optionalNumber,
  connections: z.number(),
  durationMs: ms.meta({
    description:
      'load: the duration asked for (summary.durationMs is how long it ran); run: how long the run kept the load going',
  }),
  warmupMs: optionalNumber,
  timeoutMs: ms,
  bucketMs: ms,
  method: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  maxInFlight: z.number().optional().meta({
    description: "the open model's cap on requests in flight (--max-in-flight); absent when none",
  }),
  maxRequestsPerConnection: optionalNumber,
  httpClient: z.string().optional().meta({
    description: 'the HTTP client that sent the load: rollbench (its own) or undici; absent in older results',
  }),
  histograms: z.boolean(),
  podHeaders: z.array(z.string()).optional(),
});

const header = {
  schemaVersion: z.number().meta({
    description: `the version of this format (${RESULT_SCHEMA_VERSION}); bumped when a field changes meaning or disappears`,
  }),
  tool: z.object({ name: z.literal('rollbench'), version: z.string() }),
  startedAt: z.string().meta({ description: 'wall-clock time the load started (ISO 8601); times are relative to it' }),
};

const loadShape = { ...header, settings: loadSettings, summary: loadSummary, buckets: z.array(bucket) };

/** What `rollbench load --json` writes. */
export const loadResultSchema = z.object(loadShape).meta({ id: 'LoadResult' });

const timelineEvent = z
  .object({
    atMs: ms.meta({ description: 'ms since the load started (negative: before it)' }),
    type: z.enum([
      'phase-started',
      'action-started',
      'action-finished',
      'pod-created',
      'pod-started',
      'pod-ready',
      'pod-not-ready',
      'pod-terminating',
      'prestop-started',
      'sigterm-sent',
      'pod-exited',
      'pod-killed',
      'endpoint-add-requested',
      'endpoint-added',
      'endpoint-remove-requested',
      'endpoint-removed',
      'endpoint-gone',
      'node-cordoned',
      'node-uncordoned',
      'eviction-requested',
      'eviction-refused',
      'eviction-done',
      'replicas-changed',
      'rollout-progress',
      'platform-warning',
    ]),
    pod: z.string().optional(),
    action: z.string().optional().meta({ description: 'the action concerned, on action-started / action-finished' }),
    runPhase: z.string().optional().meta({ description: 'the phase of the run that began, on phase-started' }),
    object: z.string().optional().meta({ description: 'the object concerned when not a pod, as kind/name' }),
    detail: z.string().optional(),
    uid: z.string().optional(),
    node: z.string().optional(),
    revision: z.string().optional(),
    phase: z.string().optional(),
    conditions: z.record(z.string(), z.boolean()).optional(),
    endpoint: z.object({ ready: z.boolean(), serving: z.boolean(), terminating: z.boolean() }).optional(),
    source: z
      .enum(['client', 'server'])
      .optional()
      .meta({ description: 'client: when the event reached rollbench (ms); server: an object timestamp (1 s)' }),
  })
  .meta({ id: 'TimelineEvent' });

const millicoresAndBytes = z.object({ cpuMillicores: optionalNumber, memoryBytes: optionalNumber });

const workloadSettings = z
  .object({
    name: z.string(),
    replicas: z.number(),
    strategy: z.object({
      type: z.enum(['RollingUpdate', 'Recreate']),
      maxSurge: z.union([z.number(), z.string()]).optional(),
      maxUnavailable: z.union([z.number(), z.string()]).optional(),
    }),
    minReadySeconds: z.number(),
    progressDeadlineSeconds: optionalNumber,
    terminationGracePeriodSeconds: z.number(),
    containers: z.array(
      z.object({
        name: z.string(),
        image: z.string().optional(),
        preStop: z
          .union([
            z.object({ sleepSeconds: z.number() }),
            z.object({ exec: z.array(z.string()) }),
            z.object({ httpGet: z.object({ path: z.string().optional(), port: z.union([z.number(), z.string()]) }) }),
          ])
          .optional(),
        readinessProbe: z
          .object({
            periodSeconds: z.number(),
            initialDelaySeconds: z.number(),
            failureThreshold: z.number(),
            successThreshold: z.number(),
            timeoutSeconds: z.number(),
          })
          .optional(),
        requests: millicoresAndBytes.optional(),
        limits: millicoresAndBytes.optional(),
      }),
    ),
  })
  .meta({ id: 'WorkloadSettings', description: 'the workload as the platform held it (read, not the scenario)' });

const workloadRecord = z.object({ before: workloadSettings, after: workloadSettings.optional() });
const restoreReport = z
  .object({ restored: z.array(z.string()), leftChanged: z.array(z.string()) })
  .meta({ id: 'RestoreReport', description: 'what the platform put back after the run, and what it could not' });

const windowCounts = { fromMs: ms, toMs: ms, requests: count, failed: count, outcomes: byOutcome(count) };

const verdict = z
  .object({
    passed: z.boolean(),
    judged: z.object(windowCounts),
    checks: z.array(
      z.object({
        name: z.enum(['maxFailedRequests', 'maxErrorRate', 'maxP99']),
        limit: z.number(),
        measured: z.number().nullable(),
        passed: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Verdict' });

const scenario = z
  .object({
    name: z.string(),
    file: z.string().optional(),
    asRun: z.unknown().meta({ description: 'the scenario after defaults, durations in ms, secrets removed' }),
  })
  .meta({ id: 'Scenario' });

const platformProcess = z
  .object({
    name: z.string(),
    cpuMs: z.number(),
    startUpCpuMs: z
      .number()
      .optional()
      .meta({ description: 'of cpuMs, what it used until the target was up (start-up: cluster, replicas ready)' }),
    peakRssBytes: z.number(),
    note: z.string().optional(),
    threads: z
      .array(
        z.object({
          name: z.string(),
          cpuMs: z.number(),
          startUpCpuMs: z.number().optional(),
          note: z.string().optional(),
        }),
      )
      .optional()
      .meta({ description: 'of cpuMs, what threads of it told apart used (the embedded cluster: its kube-proxy)' }),
  })
  .meta({ id: 'PlatformProcess', description: "a platform process's CPU and peak memory; its children not counted" });

const platform = z
  .object({
    name: z.enum(['local', 'kubernetes']),
    description: z.string(),
    processes: z.array(platformProcess).optional(),
  })
  .meta({ id: 'Platform' });

const resourceSample = z.object({
  atMs: ms,
  pod: z.string(),
  container: z.string(),
  cpuMillicores: z.number(),
  memoryBytes: z.number(),
  phase: z.string().optional(),
});

/** What `rollbench run` writes for a scenario with disruptions (or none). */
export const runResultSchema = z
  .object({
    ...loadShape,
    kind: z.literal('run'),
    scenario,
    platform,
    timeline: z.array(timelineEvent),
    actions: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        plannedAtMs: ms,
        startedMs: ms,
        finishedMs: optionalNumber,
        podsRemoved: z.array(z.string()).meta({
          description: 'pods the action took out of service (rollout, scale-down, drain, delete); was podsReplaced',
        }),
        podsCreated: z.array(z.string()),
        blockedMs: optionalNumber,
        error: z.string().optional(),
      }),
    ),
    phases: z.array(z.object({ ...windowCounts, name: z.string() })),
    verdict,
    resources: z.object({ intervalMs: ms, samples: z.array(resourceSample) }).optional(),
    workload: workloadRecord.optional(),
    restored: restoreReport.optional(),
    incomplete: z.string().optional(),
  })
  .meta({ id: 'RunResult' });

/** What `rollbench run` writes for a scenario with `capacity:`. */
export const capacityResultSchema = z
  .object({
    ...header,
    kind: z.literal('capacity'),
    scenario,
    platform,
    replicas: z.number(),
    steps: z.array(
      z.object({
        rps: z.number(),
        load: loadResultSchema,
        verdict,
        successLatency: z.object({ p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }),
        resources: z
          .object({
            samples: count,
            cpuMillicoresP50: z.number(),
            cpuMillicoresP95: z.number(),
            memoryBytesMax: z.number(),
          })
          .optional(),
      }),
    ),
    maxPassingRps: optionalNumber,
    sizing: z.object({ targetRps: z.number(), rpsPerReplica: z.number(), replicas: z.number() }).optional(),
    stoppedEarly: z.string().optional(),
    incomplete: z.string().optional(),
    timeline: z.array(timelineEvent),
    workload: workloadRecord.optional(),
    restored: restoreReport.optional(),
  })
  .meta({ id: 'CapacityResult' });

/** Any result file rollbench writes. */
export const resultFileSchema = z.union([runResultSchema, capacityResultSchema, loadResultSchema]);

/** Where the generated JSON Schema of result files is committed, relative to the repository root. */
export const RESULT_JSON_SCHEMA_PATH = 'schemas/result.schema.json';

/**
 * The JSON Schema of the result files, as rollbench writes them (draft-07). Objects stay open: a reader of version
 * N should accept fields a later minor change adds; `schemaVersion` changes when a field changes meaning or goes.
 */
export function renderResultJsonSchema(): string {
  const schema = z.toJSONSchema(resultFileSchema, {
    io: 'input',
    target: 'draft-07',
    override: ({ jsonSchema }) => {
      // z.int() bounds integers to the safe range; a reader would take that bound for a meaning.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  const documented = {
    ...schema,
    title: 'rollbench result',
    description:
      `result.json of \`rollbench run\` (kind "run" or "capacity") or the JSON of \`rollbench load --json\` (no kind), ` +
      `schemaVersion ${RESULT_SCHEMA_VERSION}. Times are ms since the load started; latencies in ms, histograms in µs.`,
  };
  return `${JSON.stringify(documented, null, 2)}\n`;
}
