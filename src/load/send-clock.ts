import { Worker } from 'node:worker_threads';
import type { OpenSchedule } from './schedule.js';

/**
 * Tells the open-model engine when sends come due. The engine sends everything due whenever it is woken —
 * by this clock or, for free, by a response arriving — and reports how far it got with `advanced`.
 */
export interface SendClock {
  /** Resolves once the clock can keep time (a worker thread takes tens of ms to boot). */
  ready(): Promise<void>;
  /**
   * Starts calling `onDue(due)` as sends in `schedule` come due; `due` is how many sends are due by this clock's
   * own reading. The engine sends at least that many: a clock that reads even a µs ahead of the engine's would
   * otherwise wake it for a send the engine thinks is not due yet, and move on — and for the last send nothing
   * would ever wake the engine again.
   */
  start(schedule: OpenSchedule): void;
  /** Every send before `nextIndex` has been dealt with; wake the engine again when `nextIndex` is due. */
  advanced(nextIndex: number): void;
  close(): Promise<void>;
}

/*
 * Why a worker thread: Node's timers have a 1 ms floor and fire up to a further millisecond late, so a
 * setTimeout-driven schedule sends a third to a half of its requests more than 1 ms late (measured here at
 * 2 000–5 000 rps), while a setImmediate spin gets that down to a few percent but burns a whole core at
 * any rate. This worker knows the schedule (start, rate, count) and sleeps in Atomics.wait, whose timeout
 * has sub-millisecond resolution (a futex). When a send comes due that the main thread has not made yet,
 * it wakes the main thread with one message; if the main thread already made it (a response woke it up in
 * time), no message is sent at all. It posts at most one message until the main thread has answered, so a
 * main thread stalled by GC is not flooded. The event loop stays free for I/O and no core spins.
 *
 * Shared Int32 slots: NEXT = the main thread's next unsent index, PENDING = a wake message is in flight,
 * STOP = 1 when the worker must exit, STARTED = 1 once the schedule is set, DUE = how many sends are due by
 * the worker's clock. The worker stores DUE before it looks at PENDING and the main thread clears PENDING
 * before it reads DUE, so when the worker finds a message already in flight and moves on, that message's
 * handler still reads the index the worker moved past (Atomics are sequentially consistent). Float64 slots,
 * in order: the schedule start on process.hrtime's clock (ns), the interval between sends (ns), the number
 * of sends. The worker is tiny and dependency-free, so it is evaluated from source: that works the same
 * under the TypeScript test runner and from dist/.
 */
// The worker wakes at most this often, ns: sends due within that window leave together, at most ~0.75 ms late
// (inside the 1 ms budget). Each wake costs the main thread tens of µs on these VMs; measured at 5 000 rps, a
// 0.8 ms gap instead of 0.25 ms cut the generator from ~72 % to ~55 % of a core for ~4 % vs ~3.8 % of sends late
// > 1 ms; 0.75 ms keeps a little more margin under the 1 ms threshold.
const MIN_WAKE_GAP_NS = 750e3;
const NEXT = 0;
const PENDING = 1;
const STOP = 2;
const STARTED = 3;
const DUE = 4;
const INT_SLOTS = 5;
/** Byte offset of the Float64 slots: after the Int32 ones, 8-byte aligned. */
const FLOATS_AT = 24;
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const ints = new Int32Array(workerData, 0, ${INT_SLOTS});
const floats = new Float64Array(workerData, ${FLOATS_AT}, 3);
const MIN_GAP_NS = ${MIN_WAKE_GAP_NS};
parentPort.postMessage('ready');
while (Atomics.load(ints, ${STARTED}) === 0) Atomics.wait(ints, ${STARTED}, 0);
const startNs = floats[0], intervalNs = floats[1], total = floats[2];
const nowNs = () => Number(process.hrtime.bigint());
let index = 0;
let notBeforeNs = 0;
while (Atomics.load(ints, ${STOP}) === 0) {
  index = Math.max(index, Atomics.load(ints, ${NEXT}));
  if (index >= total) break;
  const now = nowNs();
  const waitNs = Math.max(startNs + index * intervalNs, notBeforeNs) - now;
  if (waitNs > 0) { Atomics.wait(ints, ${STOP}, 0, waitNs / 1e6); continue; }
  Atomics.store(ints, ${DUE}, index + 1);
  if (Atomics.load(ints, ${NEXT}) <= index && Atomics.compareExchange(ints, ${PENDING}, 0, 1) === 0) parentPort.postMessage(0);
  index++;
  notBeforeNs = now + MIN_GAP_NS;
}
`;

/** A SendClock with sub-millisecond precision that does not spin the main thread (see above). */
export class WorkerSendClock implements SendClock {
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  #closed = false;

  constructor(onDue: (due: number) => void) {
    const shared = new SharedArrayBuffer(FLOATS_AT + 3 * 8);
    this.#ints = new Int32Array(shared, 0, INT_SLOTS);
    this.#floats = new Float64Array(shared, FLOATS_AT, 3);
    this.#worker = new Worker(workerSource, { eval: true, workerData: shared });
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (message) => {
      if (message === 'ready') return;
      Atomics.store(this.#ints, PENDING, 0);
      onDue(Atomics.load(this.#ints, DUE));
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  start(schedule: OpenSchedule): void {
    // The worker reads process.hrtime; express the schedule start on that clock.
    const pair = clockPair();
    this.#floats[0] = pair.hrNs + (schedule.startMs - pair.ms) * 1e6;
    this.#floats[1] = 1e9 / schedule.rps;
    this.#floats[2] = schedule.total;
    Atomics.store(this.#ints, STARTED, 1);
    Atomics.notify(this.#ints, STARTED);
  }

  advanced(nextIndex: number): void {
    Atomics.store(this.#ints, NEXT, nextIndex);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.store(this.#ints, STOP, 1);
    Atomics.notify(this.#ints, STOP);
    Atomics.store(this.#ints, STARTED, 1);
    Atomics.notify(this.#ints, STARTED);
    await this.#worker.terminate();
  }
}

/**
 * One instant on both clocks: performance.now() (ms) and process.hrtime (ns). Both are monotonic and tick
 * together, so one pair maps one onto the other — as well as the pair was read at one instant. A GC or a
 * preemption between two readings can put them milliseconds apart, so the performance.now() reading is
 * bracketed by two hrtime readings, and the tightest bracket of a few tries is kept (typically < 1 µs).
 */
function clockPair(tries = 5): { ms: number; hrNs: number } {
  let best = { ms: 0, hrNs: 0, bracketNs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < tries; i++) {
    const before = process.hrtime.bigint();
    const ms = performance.now();
    const after = process.hrtime.bigint();
    const bracketNs = Number(after - before);
    if (bracketNs < best.bracketNs) best = { ms, hrNs: Number(before) + bracketNs / 2, bracketNs };
  }
  return { ms: best.ms, hrNs: best.hrNs };
}

/** A plain setTimeout SendClock (1 ms floor): what the worker is measured against in the benchmark. */
export class TimerSendClock implements SendClock {
  #timer: NodeJS.Timeout | undefined;
  #schedule: OpenSchedule | undefined;
  #armedFor = -1;

  constructor(
    private readonly onDue: (due: number) => void,
    /** The engine's clock, ms; must be the one the schedule was made on. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  async ready(): Promise<void> {}

  start(schedule: OpenSchedule): void {
    this.#schedule = schedule;
    this.advanced(0);
  }

  advanced(nextIndex: number): void {
    if (this.#schedule === undefined || nextIndex === this.#armedFor || nextIndex >= this.#schedule.total) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedFor = nextIndex;
    this.#timer = setTimeout(
      () => {
        this.#armedFor = -1;
        this.onDue(nextIndex + 1);
      },
      Math.max(0, this.#schedule.intendedMs(nextIndex) - this.now()),
    );
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#schedule = undefined;
  }
}
