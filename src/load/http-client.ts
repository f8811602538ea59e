import type { Dispatcher } from 'undici';
import { errorOutcome, type OutcomeKey, statusOutcome, TIMEOUT } from '../core/outcome.js';
import { findHeader } from './raw-headers.js';

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
  /** When it was written onto a connection, ms (set by the sink): later than `sentMs` by its wait for one. */
  writtenMs: number | undefined = undefined;
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
