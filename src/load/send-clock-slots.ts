/**
 * What the send clock's two threads share: the wake policy and the layout of their SharedArrayBuffer. Imported by
 * both sides (`send-clock.ts` on the main thread, `send-clock-worker.ts` in the worker).
 */

/**
 * The wake policy, in ns. A wake costs tens of µs on each thread on these VMs (measured with the clock alone at 2 000
 * sends/s: ≈ 60 µs of process CPU per wake, both threads), so the worker wakes the engine at most once per
 * `WAKE_GAP_NS`, and each wake sends every send intended up to `EARLY_NS` ahead. Send i, intended at tᵢ, is made at
 * the first wake at or after tᵢ − EARLY_NS; the worker wakes at max(tᵢ − EARLY_NS, its last wake + WAKE_GAP_NS), so
 * by plan a send leaves at most EARLY_NS early and less than WAKE_GAP_NS − EARLY_NS late (0.75 ms, inside the 1 ms
 * budget, as before; the OS's wake-up delay comes on top). At 2 000 rps a send is due every 0.5 ms: a wake carries
 * three sends and there are at most 667 a second, where waking for each send due, at most every 0.75 ms, made up to
 * 1 333 (measured with the clock alone, 10 000 sends: 2 500–3 000 wakes instead of 4 400–5 000, 32–36 µs of CPU
 * per send instead of 42–63). Each send keeps its own intended time: its lateness and bucket are its own, and its
 * latency counts from its intended time, or from when it left if that was earlier. A response arriving in a send's
 * window also sends it, for free, and the worker then has nothing to wake the engine for.
 */
export const EARLY_NS = 750e3;
export const WAKE_GAP_NS = 1.5e6;

/** Int32 slots. NEXT: the main thread's next unsent index; PENDING: a wake message is in flight; STOP: 1 when the
 * worker must exit; STARTED: 1 once the schedule is set; DUE: how many sends are due by the worker's clock. */
export const NEXT = 0;
export const PENDING = 1;
export const STOP = 2;
export const STARTED = 3;
export const DUE = 4;
const INT_SLOTS = 5;
/** Float64 slots, after the Int32 ones (8-byte aligned): the schedule on process.hrtime's clock. */
export const START_NS = 0;
export const INTERVAL_NS = 1;
export const TOTAL = 2;
const FLOAT_SLOTS = 3;
const FLOATS_AT = 24;

/** The worker's first message: it keeps time (it takes tens of ms to boot); the schedule may be set. */
export const READY = 'ready';

export interface SharedSlots {
  readonly ints: Int32Array;
  readonly floats: Float64Array;
}

/** A new buffer for the two threads to share. */
export function newSharedSlots(): SharedArrayBuffer {
  return new SharedArrayBuffer(FLOATS_AT + FLOAT_SLOTS * 8);
}

export function slotsOf(shared: SharedArrayBuffer): SharedSlots {
  return { ints: new Int32Array(shared, 0, INT_SLOTS), floats: new Float64Array(shared, FLOATS_AT, FLOAT_SLOTS) };
}
