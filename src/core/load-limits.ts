/**
 * The highest rate one rollbench process may be asked for, rps. One Node process tops out at a few tens of thousands
 * of requests per second (measured: ~50 k/s in the closed model against nginx on 2 cores); asked for more, it would
 * measure itself, not the target.
 */
export const MAX_RATE_RPS = 100_000;

/** What to do when a real user needs more than {@link MAX_RATE_RPS}. */
export const MAX_RATE_HINT =
  'one process tops out at a few tens of thousands of requests per second; for more, run several rollbench ' +
  'processes (on several machines if need be), each with a share of the rate, and add up their results';

/** The most sends one open-model load can count (its send index is a 32-bit integer in the send clock). */
export const MAX_SENDS = 2 ** 31 - 1;
