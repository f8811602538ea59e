import * as z from 'zod';
import {
  contentLengthProblem,
  HTTP_CLIENTS,
  headerNameProblem,
  headersProblems,
  methodProblem,
  TOKEN,
} from '../core/http-request.js';
import { MAX_RATE_RPS } from '../core/load-limits.js';
import { LOAD_MODELS } from '../core/load-model.js';
import { duration } from './durations.js';
import { renameMs, type WithMsKeys } from './ms-keys.js';
import { rate } from './rate.js';
import { strictObject } from './strict-object.js';

/** A method or header name, refused with `problemOf`'s words; the token pattern also goes into the JSON Schema. */
function checked(problemOf: (text: string) => string | undefined) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = problemOf(text);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: text });
    })
    .meta({ pattern: TOKEN.source });
}

const loadInputSchema = strictObject({
  path: z
    .string()
    .startsWith('/', { error: 'must start with / (or use url: for an absolute URL)' })
    .optional()
    .meta({ description: 'path on the target; default /. Excludes url' }),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
    .optional()
    .meta({ description: 'absolute URL to load instead of a path on the target. Excludes path' }),
  model: z
    .enum(LOAD_MODELS)
    .optional()
    .meta({
      description:
        'open (default): requests leave at `rate` per second whether or not earlier ones finished; closed: each ' +
        'connection sends its next request when its last one ends (takes no rate)',
    }),
  rate: rate()
    .optional()
    .meta({ description: `open model: requests per second; default 100, at most ${MAX_RATE_RPS}` }),
  max: z.boolean().optional().meta({
    deprecated: true,
    description: 'deprecated, removed in the next release: write model: closed (max: false is model: open)',
  }),
  connections: z.int().min(1).default(10).meta({ description: 'most TCP connections; default 10' }),
  timeout: duration({
    positive: true,
    description: 'a request still unanswered after this ends as TIMEOUT; default 5s',
  }).prefault('5s'),
  method: checked(methodProblem)
    .default('GET')
    .transform((method) => method.toUpperCase()),
  headers: z
    // A name that is wrong itself is reported at the key; the rest once every name is right.
    .record(checked(headerNameProblem), z.string())
    .superRefine((headers, ctx) => {
      for (const { header, problem } of headersProblems(headers)) {
        ctx.addIssue({ code: 'custom', path: [header], message: problem, input: headers[header] });
      }
    })
    .default({})
    .meta({ description: 'sent with every request; not transfer-encoding, keep-alive, upgrade or expect' }),
  body: z.string().optional(),
  maxRequestsPerConnection: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'close a connection after this many requests (spreads load over new pods)' }),
  httpClient: z.enum(HTTP_CLIENTS).default('rollbench').meta({
    description: 'the HTTP/1.1 client: rollbench (its own, leaner; default) or undici (the one it used before)',
  }),
  bucket: duration({ minMs: 10, description: 'width of a time bucket in the results; default 1s' }).prefault('1s'),
  podHeader: z
    .string()
    .regex(TOKEN, { error: 'is not a header name' })
    .default('x-rollbench-pod')
    .transform((name) => name.toLowerCase())
    .meta({ description: 'response header naming the replica that answered; default x-rollbench-pod' }),
});

type LoadInput = z.output<typeof loadInputSchema>;

/** Where requests go: a path on the target (behind the proxy / Service) or an absolute URL. */
export type LoadDestination = { path: string; url?: undefined } | { url: string; path?: undefined };
/** Open model (`rate` rps, the default) or closed model (`model: closed`). */
export type LoadModel = { model: 'open'; rate: number } | { model: 'closed'; rate?: undefined };

type LoadSettingsFields = Omit<LoadInput, 'path' | 'url' | 'model' | 'rate' | 'max'>;
/** The load block as parsed: durations in ms (`timeoutMs`, `bucketMs`). */
export type LoadSpec = WithMsKeys<LoadSettingsFields, 'timeout' | 'bucket'> & LoadDestination & LoadModel;

/** Default rate of the open model, requests per second. */
export const DEFAULT_RATE = 100;

function checkFields(load: LoadInput, ctx: z.RefinementCtx): void {
  if (load.path !== undefined && load.url !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'path and url exclude each other: choose one' });
  }
  checkModel(load, ctx);
  // Only when headers and body parsed (one that is wrong itself has been reported already).
  const { headers, body } = load as { headers: unknown; body: unknown };
  const stringRecord = (value: unknown): value is Record<string, string> =>
    typeof value === 'object' && value !== null && Object.values(value).every((item) => typeof item === 'string');
  if (stringRecord(headers) && (body === undefined || typeof body === 'string')) {
    const mismatch = contentLengthProblem(headers, body);
    if (mismatch !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['headers', mismatch.header], message: mismatch.problem });
    }
  }
}

/** `model`, `rate` and the old `max` (deprecated): one model, and a rate only for the open one. */
function checkModel({ model, rate, max }: LoadInput, ctx: z.RefinementCtx): void {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (max !== undefined && model !== undefined) {
    issue('max', `max is the old spelling of model (max: true is model: closed): remove it, model: ${model} says it`);
  } else if (rate !== undefined && (model === 'closed' || max === true)) {
    const field = model === 'closed' ? 'model' : 'max';
    issue(
      field,
      `rate and ${field === 'max' ? 'max: true' : 'model: closed'} exclude each other: the closed model sends as fast ` +
        'as its connections allow and takes no rate; remove rate, or write model: open',
    );
  }
}

function toLoadSpec({ path, url, model, rate, max, ...settings }: LoadInput): LoadSpec {
  const destination: LoadDestination = url === undefined ? { path: path ?? '/' } : { url };
  const closed = model === 'closed' || (model === undefined && max === true);
  const loadModel: LoadModel = closed ? { model: 'closed' } : { model: 'open', rate: rate ?? DEFAULT_RATE };
  return { ...renameMs(settings, ['timeout', 'bucket']), ...destination, ...loadModel };
}

/** The HTTP load sent during the whole run (the same settings `rollbench load` takes). */
export const loadSchema = loadInputSchema
  // Presence checks and the content-length, so they run (and are reported) even when another value is wrong, e.g.
  // `rate: -1`.
  .superRefine(checkFields, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(toLoadSpec);
