import type { ResourceSample } from '../core/resource-sample.js';

/**
 * Reads a platform's resource samples at a fixed interval for the length of a run, and keeps them. A reading
 * slower than the interval (a loaded box) is not piled up on: the next tick is skipped. A reading that fails
 * (no proc folder, the metrics API gone for a moment) is skipped too: nothing to fail a run over.
 */
export class PeriodicSampler {
  readonly #read: () => Promise<ResourceSample[]>;
  readonly #intervalMs: number;
  readonly #samples: ResourceSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  #reading = false;

  /** `read`: one reading now (the platform's `sample()`); `intervalMs`: time between readings, ms. */
  constructor(read: () => Promise<ResourceSample[]>, intervalMs: number) {
    this.#read = read;
    this.#intervalMs = intervalMs;
  }

  /** Takes a reading now, then one every interval. The timer does not keep the process alive. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
    this.#tick();
  }

  /** Stops the timer; a reading still under way when it is called is discarded. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Every sample kept so far, in the order taken. */
  samples(): ResourceSample[] {
    return [...this.#samples];
  }

  #tick(): void {
    if (this.#reading) return;
    this.#reading = true;
    this.#read()
      .then(
        (samples) => {
          if (this.#timer) this.#samples.push(...samples);
        },
        () => {},
      )
      .finally(() => {
        this.#reading = false;
      });
  }
}
