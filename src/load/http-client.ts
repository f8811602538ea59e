import { type Dispatcher, Pool } from 'undici';
import { errorOutcome, type OutcomeKey, statusOutcome, TIMEOUT } from '../core/outcome.js';
import type { ResolvedLoadOptions } from './options.js';
import { SpareSockets } from './spare-sockets.js';

/** Where a request reports its end. */
export interface RequestSink {
  complete(request: PendingRequest, key: OutcomeKey): void;
  /** The request leaves the client's queue for a connection and is written now. */
  written(request: PendingRequest): void;
  /** Lower-case names of the headers that name the pod that answered; empty: don't look. */
  readonly podHeaders: readonly string[];
}

/** Sends requests; the engine's only view of HTTP, so scheduler tests can swap in a fake. */
export interface Transport {
  /** Opens connections before the load's clock starts, so that its first sends do not wait for them. */
  open?(): Promise<void>;
  send(request: PendingRequest): void;
  /** Closes the connections; called once every request has an outcome. */
  close(): Promise<void>;
  /** Closes connections now; in-flight requests fail. */
  destroy(): Promise<void>;
}

/** The error a request is aborted with when it outlives the timeout. */
export const timeoutError = Object.assign(new Error('request timed out'), { code: TIMEOUT });

/**
 * One request in flight, and its own undici handler.
 *
 * Why undici's raw handler protocol (onConnect/onHeaders/onData/onComplete/onError) rather than the
 * newer onRequestStart/onResponseStart one: undici 7's clients speak the raw protocol internally and wrap
 * a new-style handler in an adapter that allocates a controller and parses the response headers into an
 * object twice per request. We need only the status code; on the hot path that adapter costs throughput.
 */
export class PendingRequest implements Dispatcher.DispatchHandler {
  /** Set once the request has an outcome (possibly TIMEOUT while undici still holds it). */
  done = false;
  status = 0;
  /** The replica that answered, from the first of the sink's pod headers present. */
  pod: string | undefined;
  #abort: ((err?: Error) => void) | undefined;

  constructor(
    private readonly sink: RequestSink,
    /** Index of the bucket the request counts in. */
    readonly bucket: number,
    /** What its latency counts from, ms: when it was meant to go out (open model) or went out (closed model). */
    readonly intendedMs: number,
    /** When it was handed to the transport, ms. */
    readonly sentMs: number,
  ) {}

  /** Gives up on the request now (timeout); the connection it was on is closed by undici. */
  abort(err: Error): void {
    this.#abort?.(err);
  }

  onConnect(abort: (err?: Error) => void): void {
    // A request that timed out while still queued in the pool must not go out late. Throwing, not calling
    // `abort`: undici 7 catches a throw here and drops the request with the socket kept, while `abort` destroys
    // the socket — under overload every queued request that timed out cost a new connection, one after
    // another, and the pool took seconds to let go of them after the load ended.
    if (this.done) throw timeoutError;
    this.#abort = abort;
    this.sink.written(this);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    if (this.sink.podHeaders.length > 0) this.pod = findHeader(rawHeaders, this.sink.podHeaders);
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.sink.complete(this, statusOutcome(this.status));
  }

  onError(err: Error): void {
    this.sink.complete(this, errorOutcome(err));
  }
}

/** The value of the first of `names` (lower case, in order of preference) among raw [name, value, …] headers. */
export function findHeader(rawHeaders: Buffer[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  let rank = names.length;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as Buffer;
    for (let j = 0; j < rank; j++) {
      const wanted = names[j] as string;
      if (name.length === wanted.length && name.toString('latin1').toLowerCase() === wanted) {
        found = (rawHeaders[i + 1] as Buffer).toString('latin1');
        rank = j;
        break;
      }
    }
  }
  return found;
}

/** HTTP/1.1 over an undici Pool: keep-alive, `connections` sockets, no pipelining, raw dispatch. */
export class HttpTransport implements Transport {
  readonly #pool: Pool;
  readonly #request: Dispatcher.DispatchOptions;
  readonly #spares: SpareSockets;
  readonly #url: URL;
  readonly #connections: number;

  constructor(options: ResolvedLoadOptions) {
    this.#url = options.url;
    this.#connections = options.connections;
    this.#spares = new SpareSockets({ connectTimeoutMs: options.timeoutMs });
    this.#pool = new Pool(options.url.origin, {
      connections: options.connections,
      pipelining: 1,
      // Our own sweep ends requests at timeoutMs; undici's timers (coarse, ~1 s) are only a backstop.
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
      connect: this.#spares.connect,
      ...(options.maxRequestsPerConnection === undefined
        ? {}
        : { maxRequestsPerClient: options.maxRequestsPerConnection }),
    });
    this.#request = {
      path: options.url.pathname + options.url.search,
      method: options.method as Dispatcher.HttpMethod,
      headers: options.headers,
      body: options.body ?? null,
    };
  }

  /** Opens every connection the pool may use (`connections`); the pool takes them as it needs them. */
  open(): Promise<void> {
    return this.#spares.open(this.#url, this.#connections);
  }

  send(request: PendingRequest): void {
    this.#pool.dispatch(this.#request, request);
  }

  close(): Promise<void> {
    this.#spares.close();
    // Every request has an outcome by now, so any the pool still holds timed out while queued. A graceful close
    // would wait for each to reach a connection only to be dropped — against a refusing target, one failed connect
    // after another, for seconds — while destroying fails them at once.
    return this.#pool.stats.size > 0 ? this.#pool.destroy() : this.#pool.close();
  }

  destroy(): Promise<void> {
    this.#spares.close();
    return this.#pool.destroy();
  }
}
