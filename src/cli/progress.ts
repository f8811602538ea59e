import type { LoadProgress } from '../load/engine.js';
import { formatCount, formatSeconds } from '../report/format.js';

/** What the progress line shows: where the run is (its phase), and the load, once one runs. */
export interface ProgressState {
  label?: string;
  load?: LoadProgress;
}

/**
 * A live one-line status on a terminal: the phase, elapsed, rate, outcomes so far, redrawn in place a few times a
 * second. When the stream is not a terminal (a CI log), one line per phase instead — `progress: warmup` — so a
 * long run still says where it is without filling the log.
 */
export class ProgressLine {
  #timer: NodeJS.Timeout | undefined;
  #lastRequests = 0;
  #lastMs = 0;
  #lastPhase: string | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly read: () => ProgressState,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.#timer = setInterval(() => (this.stream.isTTY ? this.#draw() : this.#logPhase()), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }

  /** A line when the phase changes: the label up to its first ':' (`start-up: 1 of 3 replicas ready` → start-up). */
  #logPhase(): void {
    const phase = this.read().label?.split(':')[0];
    if (phase === undefined || phase === this.#lastPhase) return;
    this.#lastPhase = phase;
    this.stream.write(`progress: ${phase}\n`);
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
