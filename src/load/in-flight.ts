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
  /** `overdue()`'s progress: the items before `#scanned` were read for a deadline of `#scannedBeforeMs`. */
  #scanned = 0;
  #scannedBeforeMs = Number.NEGATIVE_INFINITY;
  /** Unfinished requests sent at or before `#scannedBeforeMs`. */
  #overdue = 0;

  push(request: PendingRequest): void {
    this.#items.push(request);
    this.count++;
  }

  /** Call when a request gets its outcome. */
  finished(request: PendingRequest): void {
    this.count--;
    // Sent in time order: one sent by the deadline read is among those `overdue()` has counted.
    if (request.sentMs <= this.#scannedBeforeMs) this.#overdue--;
  }

  /** Calls `expire` for each unfinished request sent at or before `sentBeforeMs`, oldest first. */
  expire(sentBeforeMs: number, expire: (request: PendingRequest) => void): void {
    while (this.#head < this.#items.length) {
      const request = this.#items[this.#head] as PendingRequest;
      if (!request.done && request.sentMs > sentBeforeMs) break;
      this.#head++;
      if (!request.done) expire(request);
    }
    this.#scanned = Math.max(this.#scanned, this.#head);
    this.#compact();
  }

  /**
   * How many unfinished requests were sent at or before `sentBeforeMs` (the next sweep's to end), for deadlines that
   * only move forward. Asked once per send at the cap, so it reads on from where it stopped, not from the head: a
   * sweep that a busy machine runs late leaves thousands overdue, and a read from the head per send would cost CPU
   * quadratic in them just when the machine has none to spare.
   */
  overdue(sentBeforeMs: number): number {
    if (sentBeforeMs < this.#scannedBeforeMs) throw new Error('InFlightQueue.overdue: a deadline moved back');
    this.#scannedBeforeMs = sentBeforeMs;
    while (this.#scanned < this.#items.length) {
      const request = this.#items[this.#scanned] as PendingRequest;
      if (!request.done && request.sentMs > sentBeforeMs) break;
      this.#scanned++;
      if (!request.done) this.#overdue++;
    }
    return this.#overdue;
  }

  /** Every unfinished request, oldest first. */
  unfinished(): PendingRequest[] {
    return this.#items.slice(this.#head).filter((request) => !request.done);
  }

  #compact(): void {
    // Amortised O(1): copy the live tail only once the dead head is as long as it.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#scanned -= this.#head;
      this.#head = 0;
    }
  }
}
