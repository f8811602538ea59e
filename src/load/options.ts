import { deprecate } from 'node:util';
import { usageError } from '../core/errors.js';
import {
  contentLengthProblem,
  HTTP_CLIENTS,
  type HttpClientName,
  headersProblems,
  methodProblem,
} from '../core/http-request.js';

export { HTTP_CLIENTS, type HttpClientName };

import { MAX_RATE_HINT, MAX_RATE_RPS, MAX_SENDS } from '../core/load-limits.js';
import { LOAD_MODELS, type LoadModelName } from '../core/load-model.js';
import { redactUrls } from '../core/redact.js';
import { credentialsFromUrl } from './credentials.js';

/** What a caller asks for; everything but `url` has a default. */
export interface LoadOptions {
  /**
   * Target URL (http:// or https://). User info (`http://user:password@host/`) is sent as Basic auth, as curl
   * does, unless `headers` has an authorization of its own; it is never recorded.
   */
  url: string;
  /**
   * `open` (the default): `rps` requests per second, sent at evenly spaced intended times whether or not earlier
   * requests finished. `closed`: `connections` loops, each sending its next request when its last one ends
   * (takes no `rps`).
   */
  model?: LoadModelName;
  /** Open model: requests per second. Default 100, at most 100 000. */
  rps?: number;
  /**
   * @deprecated Write `model: 'closed'` (`max: false` is `model: 'open'`); `max` is removed in the next release.
   * Still read meanwhile, with a DeprecationWarning (`ROLLBENCH_DEP_MAX`) once per process.
   */
  max?: boolean;
  /** Most TCP connections to keep open; in the closed model also the concurrency. Default 10. */
  connections?: number;
  /** How long to send load, ms. Default 10 000. */
  durationMs?: number;
  /**
   * Load sent before the judged `durationMs`, ms, at the same rate (or connections): its requests are sent and
   * counted (`summary.warmup`) but kept out of the buckets, the summary's outcomes and the late-send counts. The
   * judged load starts when it ends (`LoadRun.started`). Default 0. A scenario's `warmup` belongs here.
   */
  warmupMs?: number;
  /** A request that has not finished this long after it was sent ends as TIMEOUT, ms. Default 5 000. */
  timeoutMs?: number;
  /** Width of a time bucket, ms. Default 1 000. */
  bucketMs?: number;
  /** Default GET. Any token but CONNECT. */
  method?: string;
  /** Sent with every request; not transfer-encoding, keep-alive, upgrade or expect (the HTTP client owns them). */
  headers?: Record<string, string>;
  body?: string;
  /** Close a connection after this many requests and open a new one (spreads load over new pods). */
  maxRequestsPerConnection?: number;
  /**
   * Open model: most requests in flight (sent, not answered, not yet past their timeout); a send due while the cap is
   * reached is dropped and counted. Default: none — the timeout bounds how many wait (rate × timeout, and the sends a
   * stall of this process made late). A default of rate × timeout + connections, the old one, dropped the sends a
   * stall had made late, as they came due together, and a busy machine's late timeout sweep made it drop more.
   */
  maxInFlight?: number;
  /**
   * Before the clock starts, run the HTTP client's code against a server inside this process, so that the first
   * requests to the target do not pay for compiling it (13–38 ms for a cold process's first request here). Costs
   * a few event-loop round trips at start-up — 150–500 ms on a busy 2-core machine — once per process. Default
   * false; `rollbench load` turns it on. (Connections to the target are opened before the clock starts either way.)
   */
  warmClient?: boolean;
  /**
   * The HTTP/1.1 client: `rollbench` (the default), the load's own — every request the same prebuilt bytes,
   * responses framed without copying their bodies — or `undici`, the client it used before, at about 1.3× the CPU
   * per request. Both give the same outcome keys for the same failures.
   */
  httpClient?: HttpClientName;
  /** Record latency histograms (default true); off, only counts are kept (to measure what recording costs). */
  histograms?: boolean;
  /**
   * Response headers that name the replica that answered (the first present wins), e.g.
   * `['x-rollbench-pod', 'x-rollbench-upstream']`; requests are then also counted per pod. Default none.
   */
  podHeaders?: string[];
}

export interface ResolvedLoadOptions {
  /** Without user info: that went into `headers` as authorization. */
  url: URL;
  model: LoadModelName;
  rps: number;
  connections: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  bucketMs: number;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  maxRequestsPerConnection: number | undefined;
  /** Undefined: no cap. */
  maxInFlight: number | undefined;
  warmClient: boolean;
  httpClient: HttpClientName;
  histograms: boolean;
  podHeaders: string[];
}

export const loadDefaults = {
  rps: 100,
  connections: 10,
  durationMs: 10_000,
  timeoutMs: 5_000,
  bucketMs: 1_000,
  method: 'GET',
} as const;

/** Shortest load worth measuring: below this the first and last buckets dominate. */
export const MIN_DURATION_MS = 100;
const MIN_BUCKET_MS = 10;
/** The send clock counts sends in 32-bit integers. */

function positive(name: string, value: number, { integer = false } = {}): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw usageError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
}

function httpClientOf(name: string | undefined): HttpClientName {
  if (name === undefined) return 'rollbench';
  const known = HTTP_CLIENTS.find((client) => client === name);
  if (known === undefined) throw usageError(`http-client must be one of ${HTTP_CLIENTS.join(', ')}, got "${name}"`);
  return known;
}

function modelOf({ model, max, rps }: LoadOptions): LoadModelName {
  if (max !== undefined) {
    if (model !== undefined) throw usageError(`max is the old spelling of model: give only model ('${model}')`);
    warnMaxDeprecated();
  }
  const resolved = model ?? (max === true ? 'closed' : 'open');
  if (!LOAD_MODELS.includes(resolved)) {
    throw usageError(`model must be one of ${LOAD_MODELS.join(', ')}, got ${JSON.stringify(resolved)}`);
  }
  if (resolved === 'closed' && rps !== undefined) {
    throw usageError(
      'rate and the closed model exclude each other: the closed model sends as fast as its connections allow',
    );
  }
  return resolved;
}

// Node's way for a library to say an option is going away: on stderr once, and `--no-deprecation` silences it.
const warnMaxDeprecated = deprecate(
  () => {},
  "rollbench: the load option max is deprecated and removed in the next release: write model: 'closed'",
  'ROLLBENCH_DEP_MAX',
);

/** Applies defaults and checks every field; throws a usage error naming the field. */
export function resolveLoadOptions(options: LoadOptions): ResolvedLoadOptions {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw usageError(`url: "${redactUrls(options.url)}" is not a URL`, 'write it in full, e.g. http://127.0.0.1:8080/');
  }
  const { url, authorization } = credentialsFromUrl(parsed);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`url: only http:// and https:// are supported, got ${url.protocol}`);
  }
  const model = modelOf(options);
  const rps = positive('rate', options.rps ?? loadDefaults.rps);
  if (rps > MAX_RATE_RPS) {
    throw usageError(`rate must be at most ${MAX_RATE_RPS} rps, got ${rps}`, MAX_RATE_HINT);
  }
  const connections = positive('connections', options.connections ?? loadDefaults.connections, { integer: true });
  const durationMs = positive('duration', options.durationMs ?? loadDefaults.durationMs);
  if (durationMs < MIN_DURATION_MS)
    throw usageError(`duration must be at least ${MIN_DURATION_MS}ms, got ${durationMs}ms`);
  if (model === 'open' && (rps * durationMs) / 1000 > MAX_SENDS) {
    throw usageError(`rate × duration makes more than ${MAX_SENDS} sends, more than one load can count: split it`);
  }
  const warmupMs = options.warmupMs ?? 0;
  if (!Number.isFinite(warmupMs) || warmupMs < 0) throw usageError(`warmup must be 0 or more, got ${warmupMs}`);
  if (model === 'open' && (rps * (durationMs + warmupMs)) / 1000 > MAX_SENDS) {
    throw usageError(`rate × (warmup + duration) makes more than ${MAX_SENDS} sends, more than one load can count`);
  }
  const timeoutMs = positive('timeout', options.timeoutMs ?? loadDefaults.timeoutMs);
  const bucketMs = positive('bucket', options.bucketMs ?? loadDefaults.bucketMs);
  if (bucketMs < MIN_BUCKET_MS) throw usageError(`bucket must be at least ${MIN_BUCKET_MS}ms, got ${bucketMs}ms`);
  const maxRequestsPerConnection =
    options.maxRequestsPerConnection === undefined
      ? undefined
      : positive('max-requests-per-connection', options.maxRequestsPerConnection, { integer: true });
  const method = options.method ?? loadDefaults.method;
  const badMethod = methodProblem(method);
  if (badMethod !== undefined) throw usageError(`method ${JSON.stringify(method)}: ${badMethod}`);
  const given = options.headers ?? {};
  const badHeader = headersProblems(given)[0] ?? contentLengthProblem(given, options.body);
  if (badHeader !== undefined) throw usageError(`header ${badHeader.header}: ${badHeader.problem}`);
  // An authorization header given explicitly wins over the URL's user info, as with curl.
  const explicitAuthorization = Object.keys(given).some((name) => name.toLowerCase() === 'authorization');
  const headers = authorization === undefined || explicitAuthorization ? given : { ...given, authorization };
  const maxInFlight =
    options.maxInFlight === undefined ? undefined : positive('max-in-flight', options.maxInFlight, { integer: true });
  return {
    url,
    model,
    rps,
    connections,
    durationMs,
    warmupMs,
    timeoutMs,
    bucketMs,
    method: method.toUpperCase(),
    headers,
    body: options.body,
    maxRequestsPerConnection,
    maxInFlight,
    warmClient: options.warmClient ?? false,
    httpClient: httpClientOf(options.httpClient),
    histograms: options.histograms ?? true,
    podHeaders: (options.podHeaders ?? []).map((name) => name.toLowerCase()),
  };
}
