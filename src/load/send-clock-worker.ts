import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as slot from './send-clock-slots.js';

/**
 * The send clock's thread (see `send-clock.ts` for why a thread, `send-clock-slots.ts` for the wake policy). It
 * knows the schedule (start, interval, count), sleeps in Atomics.wait, whose timeout has sub-millisecond resolution
 * (a futex), and calls `wake` when the window of a send the main thread has not made yet opens. It wakes the main
 * thread at most once until it has answered (PENDING), so a main thread stalled by GC is not flooded; and not at all
 * when the main thread already made the send (a response woke it in time).
 *
 * DUE is stored before PENDING is looked at, and the main thread clears PENDING before it reads DUE, so when the
 * worker finds a message already in flight and moves on, that message's handler still reads the index the worker
 * moved past (Atomics are sequentially consistent).
 */
function keepTime(shared: SharedArrayBuffer, wake: () => void): void {
  const { ints, floats } = slot.slotsOf(shared);
  while (Atomics.load(ints, slot.STARTED) === 0) Atomics.wait(ints, slot.STARTED, 0);
  const startNs = floats[slot.START_NS] as number;
  const intervalNs = floats[slot.INTERVAL_NS] as number;
  const total = floats[slot.TOTAL] as number;
  let index = 0;
  // The first wait is for the first send's window alone; every later one is at least WAKE_GAP_NS after a wake.
  let gapFromNs = Number.NEGATIVE_INFINITY;
  while (Atomics.load(ints, slot.STOP) === 0) {
    index = Math.max(index, Atomics.load(ints, slot.NEXT));
    if (index >= total) break;
    const nowNs = Number(process.hrtime.bigint());
    if (nowNs >= startNs + index * intervalNs - slot.EARLY_NS) {
      const due = Math.min(total, Math.max(index + 1, Math.floor((nowNs + slot.EARLY_NS - startNs) / intervalNs) + 1));
      Atomics.store(ints, slot.DUE, due);
      if (Atomics.load(ints, slot.NEXT) <= index && Atomics.compareExchange(ints, slot.PENDING, 0, 1) === 0) wake();
      index = due;
      if (index >= total) break;
    }
    const waitNs = Math.max(startNs + index * intervalNs - slot.EARLY_NS, gapFromNs + slot.WAKE_GAP_NS) - nowNs;
    if (waitNs > 0) Atomics.wait(ints, slot.STOP, 0, waitNs / 1e6);
    gapFromNs = nowNs + Math.max(waitNs, 0);
  }
}

const shared: unknown = isMainThread ? undefined : workerData?.sendClock;
if (parentPort !== null && shared instanceof SharedArrayBuffer) {
  const port = parentPort;
  port.postMessage(slot.READY);
  keepTime(shared, () => port.postMessage(0));
}
