/** One instant read on a thread's performance.now() (ms) and on process.hrtime (ns). */
export interface ClockPair {
  ms: number;
  hrNs: number;
}

/**
 * One instant on both clocks: performance.now() (ms) and process.hrtime (ns). Both are monotonic and tick
 * together, so one pair maps one onto the other — as well as the pair was read at one instant. A GC or a
 * preemption between two readings can put them milliseconds apart, so the performance.now() reading is
 * bracketed by two hrtime readings, and the tightest bracket of a few tries is kept (typically < 1 µs).
 *
 * process.hrtime is one clock for the whole process, while each thread's performance.now() counts from that
 * thread's start: hrtime is how two threads agree on a moment.
 */
export function clockPair(tries = 5): ClockPair {
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

/** `ms` on the performance.now() clock `pair` was read on, as process.hrtime ns. */
export function toHrNs(pair: ClockPair, ms: number): number {
  return pair.hrNs + (ms - pair.ms) * 1e6;
}

/** process.hrtime `hrNs` on the performance.now() clock `pair` was read on, ms. */
export function fromHrNs(pair: ClockPair, hrNs: number): number {
  return pair.ms + (hrNs - pair.hrNs) / 1e6;
}
