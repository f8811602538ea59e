/**
 * The open model's schedule: send i is intended at `startMs + i × 1000 / rps`, for every i whose intended
 * time falls inside the duration — after `leadSends` sends at the same rate before `judgedStartMs` (a warm-up),
 * so that the stream is even across the warm-up's end. Pure arithmetic, so it is tested on fake time.
 */
export class OpenSchedule {
  readonly total: number;
  /** When send 0 is intended: `leadSends` intervals before the judged start. */
  readonly startMs: number;
  readonly #intervalMs: number;

  constructor(
    judgedStartMs: number,
    readonly rps: number,
    durationMs: number,
    leadSends = 0,
  ) {
    this.#intervalMs = 1000 / rps;
    this.startMs = judgedStartMs - leadSends * this.#intervalMs;
    // Sends at 0, 1/rps, ... strictly before the end: exactly rps × duration of them, after the lead.
    this.total = leadSends + Math.ceil((durationMs * rps) / 1000 - 1e-9);
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

/**
 * The bucket each send of an open schedule counts in, from its index alone: ⌊index / sendsPerBucket⌋, where
 * sendsPerBucket = rps × bucketMs / 1000. Subtracting the start from a send's absolute intended time instead put a
 * send due exactly on a boundary in the earlier bucket in about one run in ten (a 501 beside a 499), through float
 * rounding. Here, whenever sendsPerBucket is a ratio of integers (any rate and bucket written with up to 6 decimals
 * between them), the division is of integers below 2^53 and exact: a full bucket holds exactly rps × bucketMs / 1000
 * sends when that is an integer, and alternates between its floor and ceiling when it is not.
 */
export function sendBuckets(rps: number, bucketMs: number): (index: number) => number {
  const { numerator, denominator } = asFraction((rps * bucketMs) / 1000);
  return (index) => Math.floor((index * denominator) / numerator);
}

/**
 * `value` as numerator / denominator with the denominator a divisor of 10^6, allowing for the rounding of the
 * product it came from; a value that is no such fraction is returned as itself over 1. A denominator up to 10^6
 * keeps index × denominator below 2^53 for every index below 2^31 (the most sends a load may have).
 */
function asFraction(value: number): { numerator: number; denominator: number } {
  for (let scale = 1; scale <= 1e6; scale *= 10) {
    const scaled = value * scale;
    const rounded = Math.round(scaled);
    // A few ulps: rps × bucketMs / 1000 × scale rounds up to three times.
    if (Math.abs(scaled - rounded) <= scaled * 4 * Number.EPSILON) {
      const divisor = gcd(rounded, scale);
      return { numerator: rounded / divisor, denominator: scale / divisor };
    }
  }
  return { numerator: value, denominator: 1 };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
