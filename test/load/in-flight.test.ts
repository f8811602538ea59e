import { describe, expect, it } from 'vitest';
import { PendingRequest, type RequestSink } from '../../src/load/http-client.js';
import { InFlightQueue } from '../../src/load/in-flight.js';

const sink: RequestSink = { complete: () => {}, written: () => {}, podHeaders: [] };

/** `count` requests sent 1 ms apart from 0 ms, queued. */
function queueOf(count: number): { queue: InFlightQueue; requests: PendingRequest[] } {
  const queue = new InFlightQueue();
  const requests = Array.from({ length: count }, (_, index) => new PendingRequest(sink, 0, index, index));
  for (const request of requests) queue.push(request);
  return { queue, requests };
}

function finish(queue: InFlightQueue, request: PendingRequest): void {
  request.done = true;
  queue.finished(request);
}

describe('InFlightQueue', () => {
  it('counts the unfinished requests sent by a deadline, as requests finish before and after it is read', () => {
    const { queue, requests } = queueOf(10);
    finish(queue, requests[2] as PendingRequest); // finished before the read: never counted
    expect(queue.overdue(4)).toBe(4); // 0, 1, 3, 4
    finish(queue, requests[3] as PendingRequest); // finished after the read: no longer counted
    finish(queue, requests[8] as PendingRequest); // not yet due
    expect(queue.overdue(4)).toBe(3);
    expect(queue.overdue(9)).toBe(7); // 0, 1, 4, 5, 6, 7, 9
    expect(queue.count).toBe(7);
  });

  it('keeps the count through a sweep that ends the overdue, and through the compaction of a long head', () => {
    const { queue } = queueOf(3000);
    expect(queue.overdue(999)).toBe(1000);
    const expired: number[] = [];
    // The sweep ends requests as the engine does: done, then finished. 2 500 ended compacts the head away.
    queue.expire(2499, (request) => {
      expired.push(request.sentMs);
      finish(queue, request);
    });
    expect(expired).toHaveLength(2500);
    expect(queue.overdue(2499)).toBe(0);
    expect(queue.overdue(2599)).toBe(100);
    expect(queue.count).toBe(500);
    expect(queue.unfinished()[0]?.sentMs).toBe(2500);
  });

  it('refuses a deadline that moves back, which would count requests twice', () => {
    const { queue } = queueOf(3);
    queue.overdue(2);
    expect(() => queue.overdue(1)).toThrow(/moved back/);
  });
});
