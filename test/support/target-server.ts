/**
 * A real loopback HTTP server that misbehaves on command, for tests that need actual sockets rather than mocks:
 * delays, chosen status codes, TCP resets, hangs, dropped connections, `connection: close`, unavailability windows,
 * stalls and a listener that stops accepting.
 *
 * It counts what it received exactly, at the moment each request's headers arrive (before it answers), so a test can
 * compare the server's counts with what the client saw as soon as the client has its responses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the server does with each request. Every field is optional; `{}` answers `200 ok` at once. */
export type Behaviour = {
  /** Delay before answering, in ms: fixed, or uniformly random in `[minMs, maxMs]`. Applies to resets and drops too. */
  delayMs?: number | { minMs: number; maxMs: number };
  /**
   * Status codes, each with the ratio of all requests it answers. Whatever ratio is left after `statuses`, `reset`,
   * `hang` and `drop` is answered with 200. See {@link startTargetServer} for how ratios are spread.
   */
  statuses?: Array<{ status: number; ratio: number }>;
  /** Ratio of requests answered by a TCP RST (`socket.resetAndDestroy()`), killing their connection. */
  reset?: number;
  /** Ratio of requests never answered; the connection stays open until the client gives up or `close()`. */
  hang?: number;
  /**
   * Ratio of requests read and then closed (FIN) without an answer, like a server exiting mid-request; undici reports
   * `UND_ERR_SOCKET` ("other side closed"). A server closing an idle keep-alive connection just as a request arrives
   * closes it unread, which sends an RST instead: use `reset` for that race.
   */
  drop?: number;
  /** Answer with `connection: close` and close the socket after each response, so every request needs a new one. */
  closeKeepAlive?: boolean;
  /** Response body size in bytes, filled with `okok…`. Default 2 (`ok`). */
  bodyBytes?: number;
  /** Sent as `x-rollbench-pod` with every status answer, as a sample app names its replica. */
  pod?: string;
};

/** Counts since start or the last `resetCounts()`. A snapshot: later requests don't change it. */
export interface ReceivedCounts {
  /** Requests whose headers were fully received, however they were answered (or not). */
  readonly total: number;
  /** Requests answered (or, if still delayed or stalled, to be answered) with a status, keyed by the status code. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests answered by a TCP RST. */
  readonly reset: number;
  /** Requests never answered. */
  readonly hung: number;
  /** Requests whose connection was closed without an answer. */
  readonly dropped: number;
  /** Status answers sent with `connection: close` (then the socket is closed). */
  readonly closedKeepAlive: number;
}

export interface TargetServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Requests whose headers were fully received, total and per behaviour that answered them. */
  readonly received: ReceivedCounts;
  /** Sockets handed to the HTTP server so far (connections held while not accepting count once resumed). */
  readonly connections: number;
  /** Replace the behaviour for subsequent requests (requests already waiting keep theirs). Restarts the ratio cycle. */
  setBehaviour(b: Behaviour): void;
  /**
   * Stop serving new connections, keeping the port bound. Node can't pause `accept()`, and the kernel completes the
   * TCP handshake anyway, so new connections are accepted but held unread: clients connect fine, then hang waiting for
   * a response (a headers/response timeout, not a connect timeout). Connections already served carry on.
   */
  stopAccepting(): void;
  /** Serve the held connections (their requests are answered now) and new ones again. */
  resumeAccepting(): void;
  /** Answer 503 at once (no delay) for the next `durationMs`, then go back to the current behaviour. Last call wins. */
  unavailableFor(durationMs: number): void;
  /**
   * Hold every request that arrives during the next `durationMs` and answer them all when it ends (or when their own
   * delay ends, if later), to test coordinated omission. Counted on arrival as usual. Last call wins.
   */
  stallFor(durationMs: number): void;
  /** Zero the counts and `connections`, restart `x-target-seq` at 1 and restart the ratio cycle. */
  resetCounts(): void;
  /** Stop listening and destroy every socket and timer. Resolves when the port is released; idempotent. */
  close(): Promise<void>;
}

type Outcome = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'hang' } | { kind: 'drop' };

/** Keep-alive longer than any client's (undici: 4 s), so the server never races a client to close an idle socket. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Relative tolerance under which two due positions count as equal, so float noise can't reorder ties. */
const TIE_TOLERANCE = 1e-12;

/**
 * Deterministic weighted rotation, earliest deadline first: the k-th pick of an entry with ratio r is due by request
 * k / r, and each request goes to the entry due soonest (ties to the earlier entry). With ratios summing to 1, every
 * entry gets at least floor(n × r) of the first n requests, and exactly n × r whenever that's a whole number for all
 * entries. Listing the default first puts misbehaviour last in each cycle: ratio 0.1 hits requests 10, 20, 30…
 */
class Rotation<T> {
  readonly #entries: Array<{ value: T; ratio: number; picked: number }>;

  constructor(entries: ReadonlyArray<{ value: T; ratio: number }>) {
    this.#entries = entries.filter((e) => e.ratio > 0).map((e) => ({ ...e, picked: 0 }));
  }

  next(): T {
    let best: { value: T; ratio: number; picked: number } | undefined;
    let bestDue = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries) {
      const due = (entry.picked + 1) / entry.ratio;
      if (due < bestDue * (1 - TIE_TOLERANCE)) {
        best = entry;
        bestDue = due;
      }
    }
    if (best === undefined) throw new Error('Rotation has no entries');
    best.picked += 1;
    return best.value;
  }
}

/** A behaviour checked and turned into what the request handler needs. */
interface Plan {
  readonly rotation: Rotation<Outcome>;
  readonly delayMs: () => number;
  readonly closeKeepAlive: boolean;
  readonly body: Buffer;
  readonly pod: string | undefined;
}

function checkRatio(name: string, ratio: number): number {
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`${name} must be a ratio in [0, 1], got ${ratio}`);
  return ratio;
}

function checkMs(name: string, ms: number): number {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a finite number of ms >= 0, got ${ms}`);
  return ms;
}

function toPlan(b: Behaviour): Plan {
  const misbehaviour: Array<{ value: Outcome; ratio: number }> = [
    ...(b.statuses ?? []).map(({ status, ratio }) => {
      if (!(Number.isInteger(status) && status >= 200 && status <= 599)) {
        throw new RangeError(`status must be an integer in [200, 599], got ${status}`);
      }
      return { value: { kind: 'status', status } as const, ratio: checkRatio(`ratio of ${status}`, ratio) };
    }),
    { value: { kind: 'reset' }, ratio: checkRatio('reset', b.reset ?? 0) },
    { value: { kind: 'hang' }, ratio: checkRatio('hang', b.hang ?? 0) },
    { value: { kind: 'drop' }, ratio: checkRatio('drop', b.drop ?? 0) },
  ];
  const used = misbehaviour.reduce((sum, e) => sum + e.ratio, 0);
  if (used > 1 + 1e-9) throw new RangeError(`ratios add up to ${used}, more than 1`);
  // The default answer comes first so that ties put it before misbehaviour (see Rotation).
  const rotation = new Rotation<Outcome>([
    { value: { kind: 'status', status: 200 }, ratio: 1 - used },
    ...misbehaviour,
  ]);

  let delayMs: () => number;
  const d = b.delayMs ?? 0;
  if (typeof d === 'number') {
    const fixedMs = checkMs('delayMs', d);
    delayMs = () => fixedMs;
  } else {
    const minMs = checkMs('delayMs.minMs', d.minMs);
    const maxMs = checkMs('delayMs.maxMs', d.maxMs);
    if (minMs > maxMs) throw new RangeError(`delayMs.minMs (${minMs}) is more than delayMs.maxMs (${maxMs})`);
    delayMs = () => minMs + Math.random() * (maxMs - minMs);
  }

  const bodyBytes = b.bodyBytes ?? 2;
  if (!(Number.isInteger(bodyBytes) && bodyBytes >= 0)) {
    throw new RangeError(`bodyBytes must be an integer >= 0, got ${bodyBytes}`);
  }
  // Built once per behaviour: a load test sends the same body thousands of times.
  return {
    rotation,
    delayMs,
    closeKeepAlive: b.closeKeepAlive === true,
    body: Buffer.alloc(bodyBytes, 'ok'),
    pod: b.pod,
  };
}

function ignore(): void {}

class LoopbackTargetServer implements TargetServer {
  readonly url: string;
  readonly port: number;

  readonly #listener: Server;
  /**
   * Never listens itself: the paused net listener hands it sockets. Node enforces headersTimeout and requestTimeout
   * only from a listening server's connection checker, so they don't apply here, which suits a target that must be able
   * to hang or stall; keepAliveTimeout is set per socket and does apply.
   */
  readonly #http = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => this.#onRequest(req, res));
  /** Every socket accepted, served or held, so that close() can destroy them all. */
  readonly #sockets = new Set<Socket>();
  /** Sockets accepted while not accepting, waiting unread for resumeAccepting(). */
  #waiting: Socket[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Answers held back by the current stall, released together when it ends. */
  #stalled: Array<() => void> = [];
  #stallTimer: NodeJS.Timeout | undefined;
  #stallUntilMs = 0;
  #unavailableUntilMs = 0;
  #accepting = true;
  #closing: Promise<void> | undefined;

  #behaviour: Behaviour;
  #plan: Plan;
  #connections = 0;
  #total = 0;
  #byStatus: Record<string, number> = {};
  #reset = 0;
  #hung = 0;
  #dropped = 0;
  #closedKeepAlive = 0;

  constructor(listener: Server, behaviour: Behaviour) {
    this.#listener = listener;
    this.#behaviour = behaviour;
    this.#plan = toPlan(behaviour);
    const address = listener.address();
    if (address === null || typeof address === 'string') throw new Error('target server is not listening on TCP');
    this.port = address.port;
    this.url = `http://127.0.0.1:${address.port}`;
    listener.on('connection', (socket) => this.#onConnection(socket));
  }

  get received(): ReceivedCounts {
    return {
      total: this.#total,
      byStatus: { ...this.#byStatus },
      reset: this.#reset,
      hung: this.#hung,
      dropped: this.#dropped,
      closedKeepAlive: this.#closedKeepAlive,
    };
  }

  get connections(): number {
    return this.#connections;
  }

  setBehaviour(b: Behaviour): void {
    this.#plan = toPlan(b);
    this.#behaviour = b;
  }

  stopAccepting(): void {
    this.#accepting = false;
  }

  resumeAccepting(): void {
    this.#accepting = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const socket of waiting) if (!socket.destroyed) this.#serve(socket);
  }

  unavailableFor(durationMs: number): void {
    this.#unavailableUntilMs = performance.now() + checkMs('durationMs', durationMs);
  }

  stallFor(durationMs: number): void {
    this.#stallUntilMs = performance.now() + checkMs('durationMs', durationMs);
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      const stalled = this.#stalled;
      this.#stalled = [];
      for (const release of stalled) release();
    }, durationMs);
  }

  resetCounts(): void {
    this.#connections = 0;
    this.#total = 0;
    this.#byStatus = {};
    this.#reset = 0;
    this.#hung = 0;
    this.#dropped = 0;
    this.#closedKeepAlive = 0;
    this.#plan = toPlan(this.#behaviour);
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      clearTimeout(this.#stallTimer);
      this.#stalled = [];
      this.#waiting = [];
      // The callback runs once the port is released and every connection has closed, which the loop below forces.
      this.#listener.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closing;
  }

  #onConnection(socket: Socket): void {
    if (this.#closing !== undefined) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    // Client aborts surface as socket errors; a test target must shrug them off rather than crash the test run.
    socket.on('error', ignore);
    // The listener pauses sockets on connect, so a held socket's request stays unread in the kernel until resumed.
    if (this.#accepting) this.#serve(socket);
    else this.#waiting.push(socket);
  }

  #serve(socket: Socket): void {
    this.#connections += 1;
    this.#http.emit('connection', socket);
    socket.resume();
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const arrivedMs = performance.now();
    this.#total += 1;
    const seq = this.#total;
    // Drain any request body now, so an upload doesn't stall on backpressure while its answer waits.
    req.resume();
    res.on('error', ignore);

    const plan = this.#plan;
    const unavailable = arrivedMs < this.#unavailableUntilMs;
    const outcome: Outcome = unavailable ? { kind: 'status', status: 503 } : plan.rotation.next();
    switch (outcome.kind) {
      case 'status':
        this.#byStatus[outcome.status] = (this.#byStatus[outcome.status] ?? 0) + 1;
        if (plan.closeKeepAlive) this.#closedKeepAlive += 1;
        break;
      case 'reset':
        this.#reset += 1;
        break;
      case 'hang':
        this.#hung += 1;
        return;
      case 'drop':
        this.#dropped += 1;
        break;
    }

    const answer = (): void => {
      // The client may have given up meanwhile; writing to or resetting a dead socket would only raise errors.
      if (req.socket.destroyed || res.destroyed) return;
      if (outcome.kind === 'reset') {
        req.socket.resetAndDestroy();
      } else if (outcome.kind === 'drop') {
        req.socket.destroy();
      } else if (outcome.kind === 'status') {
        res.writeHead(outcome.status, {
          'content-type': 'text/plain',
          'x-target-seq': String(seq),
          ...(plan.pod === undefined ? {} : { 'x-rollbench-pod': plan.pod }),
          ...(plan.closeKeepAlive ? { connection: 'close' } : {}),
        });
        res.end(plan.body);
      }
    };
    const delayMs = unavailable ? 0 : plan.delayMs();
    if (arrivedMs < this.#stallUntilMs) {
      // Answer at the stall's end or the request's own delay, whichever is later.
      this.#stalled.push(() => this.#later(arrivedMs + delayMs - performance.now(), answer));
    } else {
      this.#later(delayMs, answer);
    }
  }

  /** Run `fn` after `ms` (at once if not positive), with a timer that close() can cancel. */
  #later(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }
}

/**
 * Start a target server on an ephemeral port of 127.0.0.1 with keep-alive on (65 s idle timeout).
 *
 * Ratios (`statuses`, `reset`, `hang`, `drop`) are fractions of all requests and are spread deterministically, not by
 * `Math.random`: over the first n requests since the behaviour was set, each outcome gets at least floor(n × ratio),
 * and exactly n × ratio whenever that's a whole number for every outcome (1000 requests at 0.1 give exactly 100), with
 * the misbehaving ones last in each cycle (0.1 hits requests 10, 20, 30…). Only random delays are random.
 *
 * Every answer carries `x-target-seq: <n>`, the request's arrival number (1-based, equal to `received.total` then).
 */
export async function startTargetServer(b: Behaviour = {}): Promise<TargetServer> {
  // Fail on a bad behaviour before binding anything.
  toPlan(b);
  const listener = createNetServer({ pauseOnConnect: true });
  await listen(listener);
  return new LoopbackTargetServer(listener, b);
}

/**
 * A loopback port with nothing listening (bind an ephemeral port, read it, close it): clients get ECONNREFUSED.
 * Another process could grab it meanwhile, but the kernel hands out ephemeral ports in rotation, so that's unlikely.
 */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await listen(server);
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('closedPort: not a TCP address');
  return address.port;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
