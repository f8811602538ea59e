import {
  type HttpLibrary,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type RequestContext,
  ResponseContext,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { pause } from './pause.js';
import { SharedAgents } from './shared-agents.js';

/** Every API call but a watch ends within this, retries included, unless the caller's own signal is shorter. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** client-go's `maxRetries` (rest/request.go). */
const MAX_RETRIES = 10;
/** What client-go waits before asking again after a GET's connection broke (its `Retry-After: 1` stand-in). */
const BROKEN_CONNECTION_RETRY_MS = 1000;
/** Transport errors client-go takes for a connection the server dropped (`IsConnectionReset`, `IsProbableEOF`). */
const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** A call the deadline ended: named for what it was, so that a person can tell which call hung. */
export class RequestTimeoutError extends Error {
  constructor(method: string, url: string, timeoutMs: number) {
    super(`no answer from the API server within ${timeoutMs / 1000} s (${method} ${new URL(url).pathname})`);
    this.name = 'RequestTimeoutError';
  }
}

export interface TransportOptions {
  /** The whole call, retries and their waits included, ms. */
  requestTimeoutMs: number;
}

/** The whole seconds of a `Retry-After` header, as client-go reads it (`retryAfterSeconds`), or undefined. */
function retryAfterMs(response: ResponseContext): number | undefined {
  const code = response.httpStatusCode;
  if (code !== 429 && code < 500) return undefined;
  const header = response.headers['retry-after'];
  if (header === undefined || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

/** A response whose body has been read, so that it can be handed on after deciding whether to retry. */
function readResponse(response: ResponseContext, text: string): ResponseContext {
  return new ResponseContext(response.httpStatusCode, response.headers, {
    text: async () => text,
    binary: async () => Buffer.from(text),
  });
}

/**
 * The client's HTTP transport with what client-go adds and client-node 1.4 lacks: a deadline on every call (a
 * hung API server fails the call instead of hanging it), and client-go's retries — a 429 or 5xx answer that
 * carries `Retry-After` is asked again after that many seconds, and a GET whose connection broke after 1 s, up to
 * 10 times, never past the deadline (writes are not retried on a broken connection: they may have been applied).
 * A signal the caller set on the request (a shorter budget, a run being stopped) ends it too.
 */
export function apiTransport(options: TransportOptions): HttpLibrary {
  const fetchLibrary = new IsomorphicFetchHttpLibrary();
  const agents = new SharedAgents();
  const send = async (request: RequestContext): Promise<ResponseContext> => {
    agents.reuse(request);
    const callerSignal = request.getSignal();
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    const signal = callerSignal === undefined ? timeout : AbortSignal.any([timeout, callerSignal]);
    const endsAtMs = performance.now() + options.requestTimeoutMs;
    const isGet = request.getHttpMethod() === HttpMethod.GET;
    /** Why the call ends early: our deadline, else the caller's signal (its own reason, or the fetch's error). */
    const ended = (error?: unknown) =>
      timeout.aborted
        ? new RequestTimeoutError(request.getHttpMethod(), request.getUrl(), options.requestTimeoutMs)
        : (error ?? callerSignal?.reason);
    for (let retries = 0; ; retries++) {
      request.setSignal(signal);
      let response: ResponseContext;
      try {
        response = await fetchLibrary.send(request).toPromise();
      } catch (error) {
        if (signal.aborted) throw ended(error);
        const code = (error as { code?: string }).code ?? '';
        const retry = isGet && BROKEN_CONNECTION.has(code) && retries < MAX_RETRIES;
        if (!retry || performance.now() + BROKEN_CONNECTION_RETRY_MS >= endsAtMs) throw error;
        await pause(BROKEN_CONNECTION_RETRY_MS, signal);
        if (signal.aborted) throw ended(error);
        continue;
      }
      const waitMs = retryAfterMs(response);
      if (waitMs === undefined || retries >= MAX_RETRIES) return response;
      const answered = readResponse(response, await response.body.text());
      // The server's own answer beats a timeout of ours: hand it on when the wait would outlast the deadline.
      if (performance.now() + waitMs >= endsAtMs) return answered;
      await pause(waitMs, signal);
      if (signal.aborted) throw ended();
    }
  };
  return wrapHttpLibrary({ send });
}
