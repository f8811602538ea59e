import net from 'node:net';
import tls from 'node:tls';
import { ResponseReader } from '../core/h1-response.js';
import type { PendingRequest, Transport } from './http-client.js';
import type { ResolvedLoadOptions } from './options.js';
import { closesEachConnection, requestBytes } from './request-bytes.js';

/**
 * The load's own HTTP/1.1 client: `connections` keep-alive sockets, one request at a time on each (no pipelining),
 * every request the same prebuilt bytes.
 *
 * Why not undici, which the load used before (and `--http-client undici` still selects): a load sends one request
 * over and over, and undici builds each one anew (validates and joins its headers, queues it, arms timers) and
 * parses each response through WebAssembly, handing its handler a Buffer per header. Measured side by side at
 * 2 000 req/s on this 2-core machine (bench/README.md), a bare undici Pool cost about twice the CPU per request of
 * raw sockets writing one prebuilt Buffer; in the load engine this client saves ≈ 30–50 µs of CPU per request —
 * CPU that, on a machine shared with the target, is taken from the target. What it does not do: HTTP/2, proxies,
 * redirects, request bodies streamed from anywhere but memory.
 *
 * Failures carry the outcome keys undici gave them: the socket's own error code (ECONNREFUSED, ECONNRESET, EPIPE …),
 * `UND_ERR_SOCKET` for a connection the server closed before the response was complete, `CONNECT_TIMEOUT` when no
 * connection opened within the timeout, and llhttp's `HPE_…` codes for a response that breaks the protocol.
 */
export class H1Transport implements Transport {
  readonly #options: ResolvedLoadOptions;
  readonly #request: Buffer;
  /** The request that asks the server to close the connection after it: the last of `maxRequestsPerConnection`. */
  readonly #lastRequest: Buffer;
  readonly #headRequest: boolean;
  /** The given headers ask for `connection: close`: no connection serves a second request. */
  readonly #closeEach: boolean;
  /** Connections open and free, the longest free first (so that every connection is kept in use). */
  #idle: Connection[] = [];
  /** Requests waiting for a connection, oldest first (from `#queueHead`). */
  #queue: PendingRequest[] = [];
  #queueHead = 0;
  /** Connections open or opening. */
  readonly #connections = new Set<Connection>();
  #connected = 0;
  #closed = false;

  constructor(options: ResolvedLoadOptions) {
    this.#options = options;
    this.#request = requestBytes(options, { close: false });
    this.#lastRequest = requestBytes(options, { close: true });
    this.#headRequest = options.method === 'HEAD';
    this.#closeEach = closesEachConnection(options);
  }

  /** Opens every connection the load may use and resolves once each has opened or failed (a failure is left for the load to meet). */
  async open(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.#options.connections }, () => new Promise<void>((resolve) => this.#connect(resolve))),
    );
  }

  send(request: PendingRequest): void {
    if (this.#closed) {
      request.onError(Object.assign(new Error('the client is closed'), { code: 'UND_ERR_DESTROYED' }));
      return;
    }
    const connection = this.#takeIdle();
    if (connection !== undefined) {
      this.#write(connection, request);
      return;
    }
    this.#queue.push(request);
    if (this.#connections.size < this.#options.connections) this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#failWaiting(Object.assign(new Error('the client closed'), { code: 'UND_ERR_CLOSED' }));
    await Promise.all([...this.#connections].map((connection) => connection.end()));
  }

  async destroy(): Promise<void> {
    await this.close();
  }

  /** Opens one connection; `opened` is called once it has opened or failed. */
  #connect(opened: () => void = () => {}): void {
    const connection = new Connection(this.#options, this.#headRequest, {
      opened: () => {
        this.#connected++;
        opened();
        this.#free(connection);
      },
      failed: (err) => {
        this.#connections.delete(connection);
        opened();
        this.#connectFailed(err);
      },
      ended: (reusable) => {
        if (reusable) {
          this.#free(connection);
        } else {
          this.#connections.delete(connection);
          this.#connected--;
          // A connection that ends leaves its place to a new one if requests are waiting.
          if (this.#waiting() > 0 && !this.#closed) this.#connect();
        }
      },
    });
    this.#connections.add(connection);
  }

  /**
   * The free connection that has waited longest. One that has gone (the server closed it while free) is dropped; one
   * near the server's keep-alive timeout is closed rather than used, as writing into that race fails the request.
   */
  #takeIdle(): Connection | undefined {
    for (let connection = this.#idle.shift(); connection !== undefined; connection = this.#idle.shift()) {
      if (connection.reusable) return connection;
      void connection.end();
    }
    return undefined;
  }

  /** A connection is free: it takes the oldest waiting request, or waits for one. */
  #free(connection: Connection): void {
    if (this.#closed) {
      void connection.end();
      return;
    }
    if (!connection.reusable) {
      void connection.end();
      return;
    }
    const request = this.#nextWaiting();
    if (request === undefined) this.#idle.push(connection);
    else this.#write(connection, request);
  }

  #write(connection: Connection, request: PendingRequest): void {
    const last =
      this.#closeEach ||
      (this.#options.maxRequestsPerConnection !== undefined &&
        connection.sent + 1 >= this.#options.maxRequestsPerConnection);
    connection.send(request, last ? this.#lastRequest : this.#request, last);
  }

  /**
   * A connection could not be opened: the request that waited longest fails with its error — and every waiting
   * request when no connection is open at all, as nothing could take them. Then a new attempt if requests wait.
   */
  #connectFailed(err: Error): void {
    if (this.#connected === 0) this.#failWaiting(err);
    else this.#nextWaiting()?.onError(err);
    if (this.#waiting() > 0 && !this.#closed && this.#connections.size < this.#options.connections) this.#connect();
  }

  #failWaiting(err: Error): void {
    for (let request = this.#nextWaiting(); request !== undefined; request = this.#nextWaiting()) request.onError(err);
  }

  /** The oldest waiting request that has not ended (one that timed out while waiting is dropped). */
  #nextWaiting(): PendingRequest | undefined {
    while (this.#queueHead < this.#queue.length) {
      const request = this.#queue[this.#queueHead++] as PendingRequest;
      if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#queueHead);
        this.#queueHead = 0;
      }
      if (!request.done) return request;
    }
    return undefined;
  }

  #waiting(): number {
    return this.#queue.length - this.#queueHead;
  }
}

interface ConnectionEvents {
  opened(): void;
  failed(err: Error): void;
  /** The connection's request ended; `reusable`: it stays open for the next. */
  ended(reusable: boolean): void;
}

/** How long a free connection is reused when the server did not say (`keep-alive: timeout=N`), ms: undici's default. */
const IDLE_MS = 4000;

/** Where every plain connection's reads land (read synchronously before the next): 64 KiB, as libuv reads. */
const READ_BUFFER = Buffer.alloc(64 * 1024);

/** A connection that was not opened within the timeout fails with this code (undici's, as the outcome key shows it). */
const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';

/** One socket and the request on it. */
class Connection {
  readonly #socket: net.Socket;
  readonly #reader: ResponseReader;
  readonly #events: ConnectionEvents;
  readonly #headRequest: boolean;
  #request: PendingRequest | undefined;
  #open = false;
  #gone = false;
  #error: Error | undefined;
  /**
   * Until when the connection may take another request: the server's keep-alive timeout less a second after its last
   * response, else 4 s (undici's rule and default); -Infinity once it must not be reused.
   */
  #reusableUntilMs = Number.POSITIVE_INFINITY;
  sent = 0;

  constructor(options: ResolvedLoadOptions, headRequest: boolean, events: ConnectionEvents) {
    this.#events = events;
    this.#headRequest = headRequest;
    this.#reader = new ResponseReader(options.podHeaders);
    const { url } = options;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    this.#socket =
      url.protocol === 'https:'
        ? tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, ALPNProtocols: ['http/1.1'] })
        : // Read into one shared buffer, handed over without a stream in between: no Buffer allocated per read and
          // no 'data' event. The reader copies the little it keeps (a head split over reads) before the next read.
          net.connect({ host, port, onread: { buffer: READ_BUFFER, callback: this.#read } });
    this.#socket.setNoDelay(true);
    this.#socket.setTimeout(options.timeoutMs, this.#connectTimedOut);
    this.#socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', this.#opened);
    if (url.protocol === 'https:') this.#socket.on('data', this.#data);
    this.#socket.on('end', this.#serverEnded);
    this.#socket.on('error', (err) => {
      this.#error ??= err;
    });
    this.#socket.on('close', this.#closed);
  }

  /** Open, free and not near the server's keep-alive timeout. */
  get reusable(): boolean {
    return !this.#gone && this.#request === undefined && performance.now() < this.#reusableUntilMs;
  }

  send(request: PendingRequest, bytes: Buffer, last: boolean): void {
    this.#request = request;
    this.sent++;
    this.#reader.expect(this.#headRequest);
    if (last) this.#reusableUntilMs = Number.NEGATIVE_INFINITY;
    request.onConnect(this.#abort);
    this.#socket.write(bytes);
  }

  /** Closes the connection once its request (if any) has ended. */
  end(): Promise<void> {
    if (this.#gone) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.destroy();
    });
  }

  readonly #opened = (): void => {
    this.#open = true;
    this.#socket.setTimeout(0);
    this.#events.opened();
  };

  readonly #connectTimedOut = (): void => {
    this.#error ??= Object.assign(new Error('connect timed out'), { code: CONNECT_TIMEOUT });
    this.#socket.destroy();
  };

  /** The load gives up on the request (timeout): the connection goes with it, as no later answer could be told apart. */
  readonly #abort = (err?: Error): void => {
    this.#error ??= err;
    this.#socket.destroy();
  };

  readonly #read = (bytes: number): boolean => {
    this.#data(READ_BUFFER, bytes);
    return true;
  };

  readonly #data = (chunk: Buffer, end = chunk.length): void => {
    const request = this.#request;
    let complete: boolean;
    try {
      complete = this.#reader.read(chunk, end);
    } catch (err) {
      this.#error ??= err as Error;
      this.#socket.destroy();
      return;
    }
    if (!complete || request === undefined) return;
    this.#request = undefined;
    const reusable = this.#reader.keepAlive && this.#reusableUntilMs !== Number.NEGATIVE_INFINITY;
    const timeoutMs = this.#reader.keepAliveTimeoutMs;
    // As undici does: a connection is not reused within a second of the server's keep-alive timeout.
    this.#reusableUntilMs = performance.now() + (timeoutMs === undefined ? IDLE_MS : timeoutMs - 1000);
    if (!reusable) this.#socket.destroy();
    this.#complete(request);
    if (reusable) this.#events.ended(true);
  };

  /** Ends `request` with the response the reader read. */
  #complete(request: PendingRequest): void {
    request.status = this.#reader.status;
    request.pod = this.#reader.pod;
    request.onComplete();
  }

  readonly #serverEnded = (): void => {
    // A body that runs until close is complete now; any other response (or none) was cut short.
    const request = this.#request;
    if (request !== undefined && this.#reader.endsAtClose) {
      this.#request = undefined;
      this.#complete(request);
    }
    this.#error ??= Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    this.#socket.destroy();
  };

  readonly #closed = (): void => {
    this.#gone = true;
    const request = this.#request;
    this.#request = undefined;
    if (!this.#open) {
      this.#events.failed(this.#error ?? Object.assign(new Error('connection closed'), { code: 'UND_ERR_SOCKET' }));
      return;
    }
    if (request !== undefined) {
      if (this.#reader.endsAtClose && (this.#error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') {
        // undici's rule: a reset that ends a body read until close ends the body, not the request.
        this.#complete(request);
      } else {
        request.onError(this.#error ?? Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
      }
    }
    this.#events.ended(false);
  };
}
