import type { PendingRequest } from './http-client.js';

/**
 * Requests in flight, oldest first. Every request has the same timeout and requests are sent in time
 * order, so the oldest unfinished one is always the next to time out: one sweep over the head replaces a
 * timer per request. Finished requests are dropped lazily when they reach the head.
 */
export class InFlightQueue {
  #items: PendingRequest[] = [];
  #head = 0;
  /** Requests sent and not yet done. */
  count = 0;

  push(request: PendingRequest): void {
    this.#items.push(request);
    this.count++;
  }

  /** Call when a request gets its outcome. */
  finished(): void {
    this.count--;
  }

  /** Calls `expire` for each unfinished request sent at or before `sentBeforeMs`, oldest first. */
  expire(sentBeforeMs: number, expire: (request: PendingRequest) => void): void {
    while (this.#head < this.#items.length) {
      const request = this.#items[this.#head] as PendingRequest;
      if (!request.done && request.sentMs > sentBeforeMs) break;
      this.#head++;
      if (!request.done) expire(request);
    }
    this.#compact();
  }

  /** Every unfinished request, oldest first. */
  unfinished(): PendingRequest[] {
    return this.#items.slice(this.#head).filter((request) => !request.done);
  }

  #compact(): void {
    // Amortised O(1): copy the live tail only once the dead head is as long as it.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
