/**
 * The open model's schedule: send i is intended at `startMs + i × 1000 / rps`, for every i whose intended
 * time falls inside the duration. Pure arithmetic, so it is tested on fake time.
 */
export class OpenSchedule {
  readonly total: number;
  readonly #intervalMs: number;

  constructor(
    readonly startMs: number,
    readonly rps: number,
    durationMs: number,
  ) {
    this.#intervalMs = 1000 / rps;
    // Sends at 0, 1/rps, ... strictly before the end: exactly rps × duration of them.
    this.total = Math.ceil((durationMs * rps) / 1000 - 1e-9);
  }

  /** Intended send time of send `index`, ms on the same clock as `startMs`. */
  intendedMs(index: number): number {
    return this.startMs + index * this.#intervalMs;
  }

  /** How many sends are due by `nowMs` (all of them, once the schedule is over). */
  dueBy(nowMs: number): number {
    if (nowMs < this.startMs) return 0;
    // The epsilon keeps dueBy(intendedMs(i)) === i + 1 despite floating-point rounding.
    return Math.min(this.total, Math.floor(((nowMs - this.startMs) * this.rps) / 1000 + 1e-9) + 1);
  }
}
