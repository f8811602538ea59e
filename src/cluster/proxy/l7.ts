/**
 * The `l7` mode: an HTTP/1.1 reverse proxy like an ingress controller, Envoy or nginx. Clients keep connections
 * alive to the proxy; every request is routed on its own, round-robin over the routed endpoints, through one undici
 * Pool of keep-alive connections per endpoint. So once a removal takes effect, no further request reaches that
 * endpoint, whichever client connection it arrives on.
 *
 * Method, path, end-to-end headers (Host included, as Envoy does) and bodies pass through both ways, streamed chunk by
 * chunk; hop-by-hop headers are dropped on each side, as RFC 9110 asks. No `x-forwarded-*` headers are added.
 *
 * Failed requests are never retried, on purpose: a retry would hide exactly the failures rollbench measures. (Envoy
 * does not retry by default either; nginx does for idempotent requests unless `proxy_next_upstream off`.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import { errorOutcome, TIMEOUT } from '../../core/outcome.js';
import { ProxyBase, type ResolvedProxyOptions, type Upstream } from './base.js';
import { type EndpointStats, UPSTREAM_HEADER, type UpstreamFailureOutcome } from './types.js';

interface PooledUpstream extends Upstream {
  readonly pool: Pool;
}

type FailureSink = (upstream: Upstream, code: string, outcome: UpstreamFailureOutcome) => void;

/** Per-connection headers (RFC 9110 §7.6.1) that a proxy must not forward, plus `expect`, which it answers itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** Longer than any client's idle timeout (undici: 4 s), so the proxy never races a client to close an idle socket. */
const CLIENT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

const NO_ENDPOINTS_BODY = 'no endpoints: the service has no routed endpoint\n';
const NO_ENDPOINTS_HEADERS = {
  'content-type': 'text/plain',
  'content-length': Buffer.byteLength(NO_ENDPOINTS_BODY),
};

/** The request as sent upstream: method, path, end-to-end headers and body (streamed, never buffered) as received. */
function upstreamRequest(req: IncomingMessage): Dispatcher.DispatchOptions {
  const raw = req.rawHeaders;
  const headers: string[] = [];
  let hasBody = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'content-length') hasBody = value !== '0';
    else if (lower === 'transfer-encoding') hasBody = true;
    if (!HOP_BY_HOP.has(lower)) headers.push(name, value);
  }
  // Without a content-length, undici re-frames the body with chunked encoding, as any proxy does.
  return { path: req.url ?? '/', method: req.method as Dispatcher.HttpMethod, headers, body: hasBody ? req : null };
}

/** The upstream response's end-to-end headers, as a flat `[name, value, ...]` list for `writeHead`. */
function responseHeaders(raw: Buffer[]): string[] {
  const headers: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1');
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, (raw[i + 1] as Buffer).toString('latin1'));
  }
  return headers;
}

function sendFailure(res: ServerResponse, status: number, upstream: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
    [UPSTREAM_HEADER]: upstream,
  });
  res.end(body);
}

/**
 * One request on its way through, as undici's raw handler (onConnect/onHeaders/onData/onComplete/onError): undici 7
 * drives that protocol natively, so response chunks go straight from the upstream socket to the client's.
 */
class ProxiedRequest implements Dispatcher.DispatchHandler {
  readonly #res: ServerResponse;
  readonly #upstream: PooledUpstream;
  readonly #failed: FailureSink;
  #abort: ((err?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #clientGone = false;

  constructor(res: ServerResponse, upstream: PooledUpstream, failed: FailureSink) {
    this.#res = res;
    this.#upstream = upstream;
    this.#failed = failed;
    // The one closure per request: only an event says that the client went away, and then the upstream request
    // must go too, or a hung upstream would hold a pooled connection until its timeout.
    res.once('close', () => {
      if (res.writableFinished) return;
      this.#clientGone = true;
      this.#abort?.();
    });
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.#clientGone) abort();
    else this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    this.#resume = resume;
    // The upstream's own Date header passes through; Node must not add a second one.
    this.#res.sendDate = false;
    this.#res.writeHead(statusCode, statusText, responseHeaders(rawHeaders));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#res.write(chunk)) return true;
    // Backpressure from a slow client: pause the upstream socket until the client's buffer drains.
    if (this.#resume !== undefined) this.#res.once('drain', this.#resume);
    return false;
  }

  onComplete(): void {
    this.#res.end();
  }

  onError(err: Error): void {
    // Aborted because the client left: nobody to answer, and not the upstream's fault.
    if (this.#clientGone) return;
    const code = errorOutcome(err);
    const res = this.#res;
    const name = this.#upstream.name;
    if (res.headersSent) {
      // Too late for a status: cut the client's connection so that it sees a truncated response, as nginx does.
      res.destroy();
      this.#failed(this.#upstream, code, 'truncated');
    } else if (code === TIMEOUT || code === 'CONNECT_TIMEOUT') {
      sendFailure(res, 504, name, `upstream ${name} timed out (${code})\n`);
      this.#failed(this.#upstream, code, '504');
    } else {
      sendFailure(res, 502, name, `upstream ${name} failed (${code})\n`);
      this.#failed(this.#upstream, code, '502');
    }
  }
}

export class L7Proxy extends ProxyBase<PooledUpstream> {
  readonly mode = 'l7';
  readonly #http: Server;
  /** Every pool not yet closed: routed ones, and retired ones still finishing their requests. */
  readonly #pools = new Set<Pool>();
  readonly #upstreamTimeoutMs: number;
  readonly #failed: FailureSink = (upstream, code, outcome) => this.upstreamFailed(upstream, code, outcome);

  constructor(options: ResolvedProxyOptions) {
    super(options);
    this.#upstreamTimeoutMs = options.upstreamTimeoutMs;
    this.#http = createServer({ keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS }, (req, res) => this.#route(req, res));
  }

  protected server(): Server {
    return this.#http;
  }

  protected open(name: string, port: number, stats: EndpointStats): PooledUpstream {
    const timeoutMs = this.#upstreamTimeoutMs;
    const pool = new Pool(`http://127.0.0.1:${port}`, {
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connectTimeout: timeoutMs,
    });
    pool.on('connect', () => {
      stats.connections += 1;
    });
    this.#pools.add(pool);
    return { name, port, stats, pool };
  }

  protected retire(upstream: PooledUpstream): void {
    const { pool } = upstream;
    // Graceful: requests already sent to it finish, then its connections close.
    pool
      .close()
      .catch(() => {})
      .finally(() => this.#pools.delete(pool));
  }

  protected async shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    this.#http.closeAllConnections();
    await Promise.all([closed, ...[...this.#pools].map((pool) => pool.destroy().catch(() => {}))]);
    this.#pools.clear();
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const upstream = this.endpoints.pick();
    if (upstream === undefined) {
      res.writeHead(503, NO_ENDPOINTS_HEADERS).end(NO_ENDPOINTS_BODY);
      return;
    }
    upstream.stats.requests += 1;
    upstream.pool.dispatch(upstreamRequest(req), new ProxiedRequest(res, upstream, this.#failed));
  }
}
