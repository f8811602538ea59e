import * as z from 'zod';
import { duration } from './durations.js';
import { renameMs, type WithMsKeys } from './ms-keys.js';
import { strictObject } from './strict-object.js';

/** The HTTP token grammar (RFC 9110) that methods and header names use. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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
  rate: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'open model: requests per second; default 100. Excludes max' }),
  max: z.boolean().optional().meta({
    description: 'closed model: each connection sends its next request when the last one ends. Excludes rate',
  }),
  connections: z.int().min(1).default(10).meta({ description: 'most TCP connections; default 10' }),
  timeout: duration({
    positive: true,
    description: 'a request still unanswered after this ends as TIMEOUT; default 5s',
  }).prefault('5s'),
  method: z
    .string()
    .regex(TOKEN, { error: 'is not an HTTP method' })
    .default('GET')
    .transform((method) => method.toUpperCase()),
  headers: z.record(z.string().regex(TOKEN, { error: 'is not a header name' }), z.string()).default({}),
  body: z.string().optional(),
  maxRequestsPerConnection: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'close a connection after this many requests (spreads load over new pods)' }),
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

function checkExclusions(load: LoadInput, ctx: z.RefinementCtx): void {
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
}

function toLoadSpec({ path, url, rate, max, ...settings }: LoadInput): LoadSpec {
  const destination: LoadDestination = url === undefined ? { path: path ?? '/' } : { url };
  const model: LoadModel = max === true ? { max: true } : { max: false, rate: rate ?? DEFAULT_RATE };
  return { ...renameMs(settings, ['timeout', 'bucket']), ...destination, ...model };
}

/** The HTTP load sent during the whole run (the same settings `rollbench load` takes). */
export const loadSchema = loadInputSchema
  // Presence checks only, so they can run (and be reported) even when a value is wrong, e.g. `rate: -1`.
  .superRefine(checkExclusions, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(toLoadSpec);
