/**
 * The l7 proxy's lean upstream side: per endpoint, a pool of keep-alive `net` connections, one request at a time on
 * each. The request head goes out as one write; the response is framed by core's ResponseReader, whose sink passes
 * the head on (hop-by-hop headers dropped) and writes the body through chunk by chunk, pausing the upstream socket
 * while the client is slow. It does for the proxy what undici's Pool did, without the general-purpose machinery per
 * request (request objects, handler adapters, diagnostics channels, a WebAssembly parser over every byte).
 *
 * Like undici with `pipelining: 1`: a connection is reused only after its response is complete; an idle one is given
 * up 2 s before the server's `keep-alive: timeout` (4 s without one), never retried on failure. Failure codes are
 * the socket's (`ECONNREFUSED`, `ECONNRESET`, ...), `TIMEOUT`/`CONNECT_TIMEOUT`, the reader's `HPE_…`, and
 * `UND_ERR_SOCKET` for a close before the response was complete — undici's code, so timelines read the same.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ResponseError, ResponseReader, type ResponseSink } from '../../core/h1-response.js';
import { errorOutcome, TIMEOUT } from '../../core/outcome.js';
import type { Upstream } from './base.js';
import { requestHead, responseHead } from './h1-heads.js';
import { answerFailure, type FailureSink, type UpstreamClient } from './l7-http.js';

/** undici's code for a connection closed before the response was complete ("other side closed"). */
const UPSTREAM_CLOSED = 'UND_ERR_SOCKET';
/** An idle connection is given up this long before the server's announced keep-alive timeout (undici: 2 s). */
const KEEP_ALIVE_MARGIN_MS = 2_000;
/** How long an idle connection is kept when the server announced no keep-alive timeout (undici: 4 s). */
const DEFAULT_KEEP_ALIVE_MS = 4_000;
const LAST_CHUNK = '0\r\n\r\n';

/** One keep-alive connection to the endpoint, and the exchange on it, if any. */
class Connection implements ResponseSink {
  readonly socket: Socket;
  readonly #pool: H1Upstream;
  readonly #reader: ResponseReader;
  readonly #resume = () => this.socket.resume();
  #connected = false;
  /** The client response of the exchange in flight; undefined while idle. */
  #res: ServerResponse | undefined;
  #req: IncomingMessage | undefined;
  #requestSent = true;
  /**
   * Body bytes of the current read, held back so that a response complete within one read is passed on by one
   * `res.end(body)` rather than a write and an end.
   */
  #held: Buffer | undefined;
  /** While idle: when it is given up rather than reused, performance.now() ms. */
  idleUntilMs = 0;

  constructor(pool: H1Upstream, port: number, timeoutMs: number) {
    this.#pool = pool;
    this.#reader = new ResponseReader([], this);
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket = socket;
    // Bounds connecting, the wait for the response and every gap in it; an idle connection it simply closes.
    socket.setTimeout(timeoutMs);
    socket.on('connect', () => {
      this.#connected = true;
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('timeout', () => this.#fail(this.#connected ? TIMEOUT : 'CONNECT_TIMEOUT'));
    socket.on('error', (err) => this.#fail(errorOutcome(err)));
    socket.on('close', () => {
      this.#fail(UPSTREAM_CLOSED);
      pool.forget(this);
    });
  }

  send(req: IncomingMessage, res: ServerResponse, port: number): void {
    this.#res = res;
    this.#req = req;
    this.#reader.expect(req.method === 'HEAD');
    const { head, framing } = requestHead(req, port);
    this.socket.write(head, 'latin1');
    if (framing !== 'none') this.#sendBody(req, res, framing === 'chunked');
    // Only an event says that the client went away; then the upstream request goes too (its connection with it).
    res.once('close', () => {
      if (this.#res !== res || res.writableFinished) return;
      this.#detach();
      this.socket.destroy();
    });
  }

  head(bytes: Buffer, start: number, end: number): void {
    const res = this.#res as ServerResponse;
    const { reason, headers } = responseHead(bytes, start, end);
    // The upstream's own Date header passes through; Node must not add a second one.
    res.sendDate = false;
    res.writeHead(this.#reader.status, reason, headers);
  }

  body(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    if (this.#held !== undefined) this.#write(this.#held);
    this.#held = start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
  }

  #write(piece: Buffer): void {
    const res = this.#res as ServerResponse;
    if (res.write(piece)) return;
    // Backpressure from a slow client: pause the upstream socket until the client's buffer drains.
    this.socket.pause();
    res.once('drain', this.#resume);
  }

  #sendBody(req: IncomingMessage, res: ServerResponse, chunked: boolean): void {
    const socket = this.socket;
    this.#requestSent = false;
    req.on('data', (chunk: Buffer) => {
      if (this.#res !== res) return; // failed or answered already: the rest is dropped
      let flushed: boolean;
      if (chunked) {
        socket.cork();
        socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
        socket.write(chunk);
        flushed = socket.write('\r\n', 'latin1');
        socket.uncork();
      } else {
        flushed = socket.write(chunk);
      }
      if (flushed) return;
      req.pause();
      socket.once('drain', () => req.resume());
    });
    req.on('end', () => {
      if (this.#res !== res) return;
      if (chunked) socket.write(LAST_CHUNK, 'latin1');
      this.#requestSent = true;
    });
  }

  #onData(chunk: Buffer): void {
    if (this.#res === undefined) {
      // Bytes with no request outstanding: the connection can no longer be trusted.
      this.socket.destroy();
      return;
    }
    let complete: boolean;
    try {
      complete = this.#reader.read(chunk);
    } catch (err) {
      this.#fail(err instanceof ResponseError ? err.code : errorOutcome(err));
      return;
    }
    if (complete) {
      this.#complete();
    } else if (this.#held !== undefined) {
      const held = this.#held;
      this.#held = undefined;
      this.#write(held);
    }
  }

  #onEnd(): void {
    // A body that runs until the close is complete now; anything else in flight was cut short.
    if (this.#res !== undefined && this.#reader.endsAtClose) this.#complete();
    else this.#fail(UPSTREAM_CLOSED);
  }

  #complete(): void {
    const res = this.#res as ServerResponse;
    const reusable = this.#requestSent && this.#reader.keepAlive;
    const keepAliveMs = this.#reader.keepAliveTimeoutMs;
    const held = this.#held;
    this.#held = undefined;
    this.#detach();
    // The last body bytes go with the end: one write for a response that came in one read (most do).
    res.end(held);
    // Paused by the body's last chunk, for a client still draining it: what comes next is the next response's.
    if (this.socket.isPaused()) this.socket.resume();
    const idleMs = keepAliveMs === undefined ? DEFAULT_KEEP_ALIVE_MS : keepAliveMs - KEEP_ALIVE_MARGIN_MS;
    if (reusable && idleMs > 0 && this.#pool.release(this)) this.idleUntilMs = performance.now() + idleMs;
    else this.socket.destroy();
  }

  /** The exchange in flight failed with `code` (nothing when idle); the connection is not reused. */
  #fail(code: string): void {
    this.socket.destroy();
    this.#held = undefined;
    const res = this.#res;
    if (res === undefined) return;
    this.#detach();
    this.#pool.failed(res, code);
  }

  #detach(): void {
    const req = this.#req;
    this.#res = undefined;
    this.#req = undefined;
    // A request body still coming is read and dropped, so that the client's connection is not left stalled.
    if (!this.#requestSent) req?.resume();
    this.#requestSent = true;
  }
}

/** One endpoint's keep-alive connections: the upstream client of the l7 proxy's default path. */
export class H1Upstream implements UpstreamClient {
  readonly #upstream: Upstream;
  readonly #timeoutMs: number;
  readonly #failed: FailureSink;
  /** Idle connections, the most recently used last (reused first: the least likely to have timed out). */
  readonly #idle: Connection[] = [];
  readonly #open = new Set<Connection>();
  #closing = false;
  #closed: (() => void) | undefined;

  constructor(upstream: Upstream, timeoutMs: number, failed: FailureSink) {
    this.#upstream = upstream;
    this.#timeoutMs = timeoutMs;
    this.#failed = failed;
  }

  forward(req: IncomingMessage, res: ServerResponse): void {
    const now = performance.now();
    let connection = this.#idle.pop();
    while (connection !== undefined && connection.idleUntilMs < now) {
      connection.socket.destroy();
      connection = this.#idle.pop();
    }
    if (connection === undefined) {
      connection = new Connection(this, this.#upstream.port, this.#timeoutMs);
      this.#open.add(connection);
    }
    connection.send(req, res, this.#upstream.port);
  }

  close(): Promise<void> {
    this.#closing = true;
    for (const connection of this.#idle.splice(0)) connection.socket.destroy();
    return this.#whenClosed();
  }

  destroy(): Promise<void> {
    this.#closing = true;
    for (const connection of this.#open) connection.socket.destroy();
    return this.#whenClosed();
  }

  /** A connection whose response is complete: true if it is kept for the next request. */
  release(connection: Connection): boolean {
    if (this.#closing) return false;
    this.#idle.push(connection);
    return true;
  }

  /** A connection closed. */
  forget(connection: Connection): void {
    this.#open.delete(connection);
    const at = this.#idle.indexOf(connection);
    if (at !== -1) this.#idle.splice(at, 1);
    if (this.#open.size === 0) this.#closed?.();
  }

  failed(res: ServerResponse, code: string): void {
    answerFailure(res, this.#upstream, code, this.#failed);
  }

  #whenClosed(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#closed = resolve;
    });
  }
}
