import type { OpenSchedule } from '../../src/load/schedule.js';
import type { SendClock } from '../../src/load/send-clock.js';

/**
 * A plain setTimeout SendClock (1 ms floor), for the engine on vitest's fake timers: the real clock is a worker
 * thread that fake timers cannot reach.
 */
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
