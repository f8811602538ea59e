/**
 * The l7 proxy's upstream side through undici: one Pool of keep-alive connections per endpoint, each request driven
 * through undici's raw handler protocol (onConnect/onHeaders/onData/onComplete/onError), so response chunks go
 * straight from the upstream socket to the client's. The proxy's first client, kept to compare with `h1-upstream.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import { errorOutcome } from '../../core/outcome.js';
import type { Upstream } from './base.js';
import { answerFailure, bodyFraming, type FailureSink, HOP_BY_HOP, type UpstreamClient } from './l7-http.js';

/** The request as sent upstream: method, path, end-to-end headers and body (streamed, never buffered) as received. */
function upstreamRequest(req: IncomingMessage): Dispatcher.DispatchOptions {
  const raw = req.rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, raw[i + 1] as string);
  }
  // Without a content-length, undici re-frames the body with chunked encoding, as any proxy does.
  const body = bodyFraming(raw) === 'none' ? null : req;
  return { path: req.url ?? '/', method: req.method as Dispatcher.HttpMethod, headers, body };
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

/** One request on its way through, as undici's raw handler: undici 7 drives that protocol natively. */
class ProxiedRequest implements Dispatcher.DispatchHandler {
  readonly #res: ServerResponse;
  readonly #upstream: Upstream;
  readonly #failed: FailureSink;
  #abort: ((err?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #clientGone = false;

  constructor(res: ServerResponse, upstream: Upstream, failed: FailureSink) {
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
    answerFailure(this.#res, this.#upstream, errorOutcome(err), this.#failed);
  }
}

/** One endpoint's undici Pool; `upstreamTimeoutMs` bounds connecting, the wait for headers and each body gap. */
export function undiciUpstream(
  upstream: Upstream,
  timeoutMs: number,
  failed: FailureSink,
  onConnect: () => void,
): UpstreamClient {
  const pool = new Pool(`http://127.0.0.1:${upstream.port}`, {
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  });
  pool.on('connect', onConnect);
  return {
    forward: (req, res) => pool.dispatch(upstreamRequest(req), new ProxiedRequest(res, upstream, failed)),
    close: () => pool.close().catch(() => {}),
    destroy: () => pool.destroy().catch(() => {}),
  };
}
