import { Worker } from 'node:worker_threads';
import { workerModuleUrl } from '../core/worker-module.js';
import { clockPair, toHrNs } from './clock-pair.js';
import type { OpenSchedule } from './schedule.js';
import * as slot from './send-clock-slots.js';

/**
 * Tells the open-model engine when sends come due. The engine sends everything due whenever it is woken —
 * by this clock or, for free, by a response arriving — and reports how far it got with `advanced`.
 */
export interface SendClock {
  /**
   * How far ahead of its intended time a send may leave, ms (default 0): whenever the engine is woken it sends every
   * send intended up to this far ahead, so that one wake serves several sends. Each keeps its own intended time.
   */
  readonly earlyMs?: number;
  /** Resolves once the clock can keep time (a worker thread takes tens of ms to boot). */
  ready(): Promise<void>;
  /**
   * Starts calling `onDue(due)` as sends in `schedule` come due; `due` is how many sends are due by this clock's
   * own reading. The engine sends at least that many: a clock that reads even a µs ahead of the engine's would
   * otherwise wake it for a send the engine thinks is not due yet, and move on — and for the last send nothing
   * would ever wake the engine again.
   */
  start(schedule: OpenSchedule): void;
  /** Every send before `nextIndex` has been dealt with; wake the engine again when `nextIndex` is due (less `earlyMs`). */
  advanced(nextIndex: number): void;
  close(): Promise<void>;
}

/*
 * Why a worker thread: Node's timers have a 1 ms floor and fire up to a further millisecond late, so a
 * setTimeout-driven schedule sends a third to a half of its requests more than 1 ms late (measured here at
 * 2 000–5 000 rps), while a setImmediate spin gets that down to a few percent but burns a whole core at
 * any rate. The worker (`send-clock-worker.ts`) knows the schedule and sleeps in Atomics.wait, whose timeout has
 * sub-millisecond resolution; it wakes the main thread with one message when a send's window opens that the main
 * thread has not made yet (the policy: `send-clock-slots.ts`). The event loop stays free for I/O and no core spins.
 */

/** The send clock thread's module: see `workerModuleUrl`. */
export function sendClockWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return workerModuleUrl('send-clock-worker.js', moduleUrl);
}

/** A SendClock with sub-millisecond precision that does not spin the main thread (see above). */
export class WorkerSendClock implements SendClock {
  readonly earlyMs = slot.EARLY_NS / 1e6;
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  #closed = false;

  constructor(onDue: (due: number) => void) {
    const shared = slot.newSharedSlots();
    ({ ints: this.#ints, floats: this.#floats } = slot.slotsOf(shared));
    this.#worker = new Worker(sendClockWorkerUrl(), { workerData: { sendClock: shared } });
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (message) => {
      if (message === slot.READY) return;
      Atomics.store(this.#ints, slot.PENDING, 0);
      onDue(Atomics.load(this.#ints, slot.DUE));
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  start(schedule: OpenSchedule): void {
    // The worker reads process.hrtime; express the schedule start on that clock.
    const pair = clockPair();
    this.#floats[slot.START_NS] = toHrNs(pair, schedule.startMs);
    this.#floats[slot.INTERVAL_NS] = 1e9 / schedule.rps;
    this.#floats[slot.TOTAL] = schedule.total;
    Atomics.store(this.#ints, slot.STARTED, 1);
    Atomics.notify(this.#ints, slot.STARTED);
  }

  advanced(nextIndex: number): void {
    Atomics.store(this.#ints, slot.NEXT, nextIndex);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.store(this.#ints, slot.STOP, 1);
    Atomics.notify(this.#ints, slot.STOP);
    Atomics.store(this.#ints, slot.STARTED, 1);
    Atomics.notify(this.#ints, slot.STARTED);
    await this.#worker.terminate();
  }
}
