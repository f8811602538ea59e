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
  rate: rate()
    .optional()
    .meta({ description: `open model: requests per second; default 100, at most ${MAX_RATE_RPS}. Excludes max` }),
  max: z.boolean().optional().meta({
    description: 'closed model: each connection sends its next request when the last one ends. Excludes rate',
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
/** Open model (`rate` rps, the default) or closed model (`max: true`). */
export type LoadModel = { max: false; rate: number } | { max: true; rate?: undefined };

type LoadSettingsFields = Omit<LoadInput, 'path' | 'url' | 'rate' | 'max'>;
/** The load block as parsed: durations in ms (`timeoutMs`, `bucketMs`). */
export type LoadSpec = WithMsKeys<LoadSettingsFields, 'timeout' | 'bucket'> & LoadDestination & LoadModel;

/** Default rate of the open model, requests per second. */
export const DEFAULT_RATE = 100;

function checkFields(load: LoadInput, ctx: z.RefinementCtx): void {
  if (load.path !== undefined && load.url !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'path and url exclude each other: choose one' });
  }
  if (load.rate !== undefined && load.max === true) {
    ctx.addIssue({
      code: 'custom',
      path: ['max'],
      message: 'rate and max exclude each other: rate is the open model, max: true the closed model',
    });
  }
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

function toLoadSpec({ path, url, rate, max, ...settings }: LoadInput): LoadSpec {
  const destination: LoadDestination = url === undefined ? { path: path ?? '/' } : { url };
  const model: LoadModel = max === true ? { max: true } : { max: false, rate: rate ?? DEFAULT_RATE };
  return { ...renameMs(settings, ['timeout', 'bucket']), ...destination, ...model };
}

/** The HTTP load sent during the whole run (the same settings `rollbench load` takes). */
export const loadSchema = loadInputSchema
  // Presence checks and the content-length, so they run (and are reported) even when another value is wrong, e.g.
  // `rate: -1`.
  .superRefine(checkFields, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(toLoadSpec);
