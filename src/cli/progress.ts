import type { LoadProgress } from '../load/engine.js';
import { formatCount, formatSeconds } from '../report/format.js';

/** What the progress line shows: where the run is (its phase), and the load, once one runs. */
export interface ProgressState {
  label?: string;
  load?: LoadProgress;
}

/**
 * A live one-line status on a terminal: the phase, elapsed, rate, outcomes so far. Redrawn in place a few times a
 * second; silent when the stream is not a terminal (CI logs stay clean).
 */
export class ProgressLine {
  #timer: NodeJS.Timeout | undefined;
  #lastRequests = 0;
  #lastMs = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly read: () => ProgressState,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    if (!this.stream.isTTY) return;
    this.#timer = setInterval(() => this.#draw(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.stream.write('\r\x1b[K');
  }

  #draw(): void {
    const { label, load } = this.read();
    const line = [label, load && this.#loadText(load)].filter(Boolean).join('  ');
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[K${line.slice(0, width - 1)}`);
  }

  #loadText(p: LoadProgress): string {
    const windowMs = p.elapsedMs - this.#lastMs;
    const rps = windowMs > 0 ? ((p.requests - this.#lastRequests) * 1000) / windowMs : 0;
    this.#lastRequests = p.requests;
    this.#lastMs = p.elapsedMs;
    const outcomes = [...p.outcomes].map(([key, count]) => `${key}: ${formatCount(count)}`).join('  ');
    const elapsed =
      p.durationMs > 0 ? `${formatSeconds(p.elapsedMs)}/${formatSeconds(p.durationMs)}` : formatSeconds(p.elapsedMs);
    return `${elapsed}  ${formatCount(Math.round(rps))} rps  ${outcomes}  in flight ${p.inFlight}`;
  }
}
