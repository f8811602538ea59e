import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeHistogram } from '../../src/core/histogram.js';
import type { Bucket } from '../../src/core/result.js';
import { LoadEngine } from '../../src/load/engine.js';
import type { PendingRequest, Transport } from '../../src/load/http-client.js';
import { type LoadOptions, resolveLoadOptions } from '../../src/load/options.js';
import type { OpenSchedule } from '../../src/load/schedule.js';
import type { SendClock } from '../../src/load/send-clock.js';
import { TimerSendClock } from '../support/timer-send-clock.js';

/**
 * The scheduler on fake time: a transport that answers after a chosen latency (or never), a clock we can
 * jump to simulate this process stalling, and setTimeout-based send clock — all on vitest's fake timers.
 */
class FakeTransport implements Transport {
  readonly sentAtMs: number[] = [];
  readonly sent: PendingRequest[] = [];
  readonly aborted: PendingRequest[] = [];
  constructor(private readonly latencyMs: (index: number) => number | undefined) {}

  send(request: PendingRequest): void {
    const index = this.sentAtMs.push(performance.now()) - 1;
    this.sent.push(request);
    const origAbort = request.abort.bind(request);
    request.abort = (err) => {
      this.aborted.push(request);
      origAbort(err);
    };
    const latency = this.latencyMs(index);
    if (latency === undefined) return; // never answers
    setTimeout(() => {
      request.onHeaders(200, []);
      request.onComplete();
    }, latency);
  }
  async close(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** Requests counted in each bucket, in order. */
function countsPerBucket(buckets: Bucket[]): number[] {
  return buckets.map((bucket) => Object.values(bucket.outcomes).reduce((sum, outcome) => sum + outcome.count, 0));
}

/**
 * A small seeded generator (mulberry32), so that a failure names start times that can be replayed. Each number
 * has all 53 bits of a double, as performance.now() readings do: a 32-bit fraction × 1000 adds to the send
 * times exactly and never shows the rounding under test.
 */
function seededRandom(seed: number): () => number {
  let state = seed;
  const next32 = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => (next32() * 2 ** 21 + (next32() >>> 11)) / 2 ** 53;
}

/**
 * The worker clock's wake policy on fake time: the engine is woken when the next send's window opens (`earlyMs`
 * before its intended time), but at most once per `gapMs`.
 */
class GappedSendClock implements SendClock {
  #schedule: OpenSchedule | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastWakeMs = Number.NEGATIVE_INFINITY;
  constructor(
    private readonly onDue: (due: number) => void,
    private readonly now: () => number,
    readonly earlyMs: number,
    private readonly gapMs: number,
  ) {}
  async ready(): Promise<void> {}
  start(schedule: OpenSchedule): void {
    this.#schedule = schedule;
    this.#lastWakeMs = this.now(); // the engine sends what is due as it starts
  }
  advanced(nextIndex: number): void {
    if (this.#schedule === undefined || nextIndex >= this.#schedule.total) return;
    clearTimeout(this.#timer);
    const wakeMs = Math.max(this.#schedule.intendedMs(nextIndex) - this.earlyMs, this.#lastWakeMs + this.gapMs);
    this.#timer = setTimeout(() => {
      this.#lastWakeMs = this.now();
      this.onDue(0);
    }, wakeMs - this.now());
  }
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#schedule = undefined;
  }
}

/** The engine's clock reads the fake performance.now() from `zeroMs` on, plus `jumpMs`. */
let zeroMs = 0;
let jumpMs = 0;
function engineFor(
  options: Omit<LoadOptions, 'url'>,
  transport: Transport,
  makeClock: (onDue: (due: number) => void, now: () => number) => SendClock = (onDue, now) =>
    new TimerSendClock(onDue, now),
  housekeepingMs = 10,
): LoadEngine {
  const now = () => performance.now() - zeroMs + jumpMs;
  return new LoadEngine(resolveLoadOptions({ url: 'http://fake.invalid/', ...options }), {
    transport,
    now,
    makeSendClock: (onDue) => makeClock(onDue, now),
    housekeepingMs,
  });
}

describe('LoadEngine on fake time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    zeroMs = 0;
    jumpMs = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('open model: sends exactly rate × duration requests at their intended times', async () => {
    const transport = new FakeTransport(() => 5);
    const done = engineFor({ rps: 10, durationMs: 1000 }, transport).run();
    await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    expect(transport.sentAtMs).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(result.summary).toMatchObject({ requests: 10, failed: 0, sentRps: 10, succeededRps: 10, durationMs: 1000 });
    expect(result.summary.outcomes['200']?.count).toBe(10);
    // HDR buckets at 3 significant digits: 5 ms reads back as its bucket's top, 5.003 ms.
    expect(result.summary.outcomes['200']?.p50Ms).toBeCloseTo(5, 2);
    expect(result.summary.outcomes['200']?.maxMs).toBeCloseTo(5, 2);
    expect(result.summary.lateSends).toEqual({ over1Ms: 0, over10Ms: 0, maxMs: 0 });
  });

  it('sends on schedule whether or not earlier requests finished (open model)', async () => {
    // Every request takes 350 ms: a closed-loop client with 1 connection would manage ~3 per second.
    const transport = new FakeTransport(() => 350);
    const done = engineFor({ rps: 20, durationMs: 1000, connections: 1 }, transport).run();
    await vi.advanceTimersByTimeAsync(2000);
    expect(transport.sentAtMs).toHaveLength(20);
    expect((await done).summary.outcomes['200']?.count).toBe(20);
  });

  it('when this process stalls, the late sends are counted and their latency includes the stall', async () => {
    const transport = new FakeTransport(() => 1);
    const done = engineFor({ rps: 100, durationMs: 1000, bucketMs: 100 }, transport).run();
    await vi.advanceTimersByTimeAsync(195);
    jumpMs = 50; // the event loop was blocked for 50 ms: sends due at 200..240 ms go out at ~245 ms
    await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    expect(result.summary.requests).toBe(100);
    expect(result.summary.lateSends.over10Ms).toBeGreaterThanOrEqual(4);
    expect(result.summary.lateSends.maxMs).toBeGreaterThanOrEqual(40);
    // Coordinated omission: latency counts from the intended send, so the stall shows as latency.
    expect(result.summary.outcomes['200']?.maxMs).toBeGreaterThanOrEqual(40);
    const stallBucket = result.buckets.find((bucket) => bucket.startMs === 200);
    expect(stallBucket?.lateSends).toBeGreaterThanOrEqual(4);
  });

  it('drops and counts sends over the in-flight cap, and times out requests that never end', async () => {
    const transport = new FakeTransport(() => undefined); // a target that never answers
    const done = engineFor({ rps: 100, durationMs: 1000, maxInFlight: 5, timeoutMs: 2000 }, transport).run();
    await vi.advanceTimersByTimeAsync(4000);
    const result = await done;
    expect(transport.sentAtMs).toHaveLength(5);
    expect(result.summary.droppedSends).toBe(95);
    expect(result.summary.outcomes).toEqual({ TIMEOUT: expect.objectContaining({ count: 5 }) });
    expect(result.summary.failed).toBe(5);
    expect(transport.aborted).toHaveLength(5);
    expect(result.buckets.reduce((sum, bucket) => sum + (bucket.droppedSends ?? 0), 0)).toBe(95);
  });

  it('at the in-flight cap, a request past its timeout holds no place, however late the sweep runs', async () => {
    // A cap of rate × timeout holds every request waiting out its timeout. A sweep that a busy machine runs late (here
    // once a second) must not make it drop sends: 100 sent, none dropped.
    const transport = new FakeTransport(() => undefined); // a target that never answers
    const options = { rps: 100, durationMs: 1000, timeoutMs: 100, maxInFlight: 10 };
    const done = engineFor(options, transport, undefined, 1000).run();
    await vi.advanceTimersByTimeAsync(4000);
    const result = await done;
    expect(transport.sentAtMs).toHaveLength(100);
    expect(result.summary.droppedSends).toBe(0);
    expect(result.summary.outcomes).toEqual({ TIMEOUT: expect.objectContaining({ count: 100 }) });
  });

  it('a cap of 5 requests within their timeout sends the same 5 per timeout whenever the sweep runs', async () => {
    // 10 ms apart, 100 ms timeout: 5 go out, the next 5 are dropped, and 5 more go out as the first come due. Once the
    // sweep has ended requests (every 10, 250 or 1 000 ms), they must no longer count as due: 50 sent either way.
    for (const housekeepingMs of [10, 250, 1000]) {
      const transport = new FakeTransport(() => undefined);
      const options = { rps: 100, durationMs: 1000, timeoutMs: 100, maxInFlight: 5 };
      const done = engineFor(options, transport, undefined, housekeepingMs).run();
      await vi.advanceTimersByTimeAsync(4000);
      const result = await done;
      const firstMs = transport.sentAtMs[0] ?? Number.NaN;
      expect(
        transport.sentAtMs.map((ms) => ms - firstMs),
        `a sweep every ${housekeepingMs} ms`,
      ).toEqual(Array.from({ length: 50 }, (_, index) => Math.floor(index / 5) * 100 + (index % 5) * 10));
      expect(result.summary.droppedSends).toBe(50);
    }
  });

  it('times a request out after timeoutMs even while others succeed', async () => {
    const transport = new FakeTransport((index) => (index === 3 ? undefined : 2));
    const done = engineFor({ rps: 10, durationMs: 1000, timeoutMs: 300 }, transport).run();
    await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    expect(result.summary.outcomes.TIMEOUT?.count).toBe(1);
    expect(result.summary.outcomes.TIMEOUT?.p50Ms).toBeGreaterThanOrEqual(300);
    expect(result.summary.outcomes.TIMEOUT?.p50Ms).toBeLessThan(330);
    expect(result.summary.outcomes['200']?.count).toBe(9);
  });

  it('puts each request in the bucket of its intended send time, with a histogram per outcome', async () => {
    const transport = new FakeTransport(() => 700); // answers land in the next bucket; they must not move
    const done = engineFor({ rps: 4, durationMs: 2000, bucketMs: 1000 }, transport).run();
    await vi.advanceTimersByTimeAsync(4000);
    const { buckets } = await done;
    expect(buckets.map((bucket) => bucket.startMs)).toEqual([0, 1000]);
    for (const bucket of buckets) {
      expect(bucket.outcomes['200']?.count).toBe(4);
      expect(decodeHistogram(bucket.outcomes['200']?.histogram ?? '').totalCount).toBe(4);
    }
  });

  it('a send due exactly on a bucket boundary counts in the later bucket, wherever the run starts', async () => {
    // Started at 123.456 ms, send 500 at 500 rps is intended at (123.456 + 1000) - 123.456 = 999.9999999999999 ms
    // after the start in floating point: derived by subtracting times, it counted in the first bucket (501 beside 499).
    jumpMs = 123.456;
    const transport = new FakeTransport(() => 1);
    const done = engineFor({ rps: 500, durationMs: 2000, bucketMs: 1000 }, transport).run();
    await vi.advanceTimersByTimeAsync(3000);
    expect(countsPerBucket((await done).buckets)).toEqual([500, 500]);
  });

  it('every full bucket holds exactly rate × bucket sends, from 1 000 random start times', async () => {
    // Rates whose intervals are not binary fractions (300 and 700 rps) as well as ones that are; 10–20 ms buckets
    // so that each 100 ms run crosses 4–9 boundaries.
    const shapes = [
      { rps: 500, bucketMs: 20 },
      { rps: 300, bucketMs: 10 },
      { rps: 700, bucketMs: 10 },
      { rps: 250, bucketMs: 20 },
    ];
    const random = seededRandom(9);
    const wrong: string[] = [];
    for (let run = 0; run < 1000; run++) {
      const shape = shapes[run % shapes.length] as (typeof shapes)[number];
      // A start time like performance.now() shortly after a process starts, where the rounding showed most.
      zeroMs = performance.now();
      jumpMs = random() * 1000;
      const done = engineFor({ ...shape, durationMs: 100 }, new FakeTransport(() => 1)).run();
      await vi.advanceTimersByTimeAsync(150);
      const counts = countsPerBucket((await done).buckets);
      const perBucket = (shape.rps * shape.bucketMs) / 1000;
      if (counts.some((count) => count !== perBucket)) wrong.push(`${jumpMs} ms, ${shape.rps} rps: ${counts}`);
    }
    expect(wrong).toEqual([]);
  });

  it('open model with a warm-up: one even stream, the warm-up first, buckets and lateness from the judged start', async () => {
    const transport = new FakeTransport(() => 5);
    const engine = engineFor({ rps: 10, warmupMs: 250, durationMs: 1000, bucketMs: 500 }, transport);
    const done = engine.run();
    await vi.advanceTimersByTimeAsync(2000);
    const result = await done;
    // 250 ms at 10 rps rounds up to 3 whole sends: the judged load starts at 300 ms, on the stream's grid.
    expect(transport.sentAtMs).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
    expect(await engine.started).toBe(300);
    expect(countsPerBucket(result.buckets)).toEqual([5, 5]);
    expect(result.summary).toMatchObject({ requests: 10, durationMs: 1000 });
    expect(result.summary.warmup).toMatchObject({ durationMs: 300, requests: 3, failed: 0 });
  });

  it('one wake sends what is due within the clock’s earlyMs; each send keeps its intended time, bucket and lateness', async () => {
    // The worker's policy scaled up: at 100 rps a send is due every 10 ms; a wake at most every 20 ms sends what is
    // due within 10 ms. One bucket per send, so that a send that left in the bucket before its own shows.
    const transport = new FakeTransport(() => 1);
    const wakesMs: number[] = [];
    // Housekeeping (a safety net that also sends) far apart, so that only the clock wakes the engine.
    const clock = (onDue: (due: number) => void, now: () => number) =>
      new GappedSendClock(
        (due) => {
          wakesMs.push(now());
          onDue(due);
        },
        now,
        10,
        20,
      );
    const engine = engineFor({ rps: 100, durationMs: 200, bucketMs: 10 }, transport, clock, 60_000);
    const done = engine.run();
    await vi.advanceTimersByTimeAsync(75);
    jumpMs = 14; // the wake for the send due at 80 ms comes 14 ms late: it sends those due at 80, 90 and 100 ms
    await vi.advanceTimersByTimeAsync(500);
    const result = await done;
    const sent = transport.sent.map((request) => request.sentMs);
    const lateMs = sent.map((sentMs, index) => sentMs - index * 10);
    expect(sent.slice(0, 8)).toEqual([0, 0, 20, 20, 40, 40, 60, 60]); // two sends a wake, the second 10 ms early
    expect(sent.slice(8, 11)).toEqual([94, 94, 94]);
    expect(wakesMs.length).toBeLessThanOrEqual(11);
    expect(countsPerBucket(result.buckets)).toEqual(Array(20).fill(1));
    // Lateness is each send's own: 14 and 4 ms for two sends of one wake, none for the third.
    expect(lateMs.slice(8, 11)).toEqual([14, 4, -6]);
    expect(result.buckets.map((bucket) => bucket.lateSends ?? 0)).toEqual(lateMs.map((late) => (late > 1 ? 1 : 0)));
    expect(result.summary.lateSends.over1Ms).toBe(lateMs.filter((late) => late > 1).length);
    expect(result.summary.lateSends.maxMs).toBe(14);
    expect(result.summary.outcomes['200']?.count).toBe(20);
  });

  it('closed model: each connection sends again as soon as its last request ends', async () => {
    const transport = new FakeTransport(() => 10);
    const done = engineFor({ model: 'closed', connections: 2, durationMs: 100 }, transport).run();
    await vi.advanceTimersByTimeAsync(500);
    const result = await done;
    // Two loops × one request per 10 ms × 100 ms: sends at 0, 10, …, 90 ms; a response at 100 ms sends nothing.
    expect(result.summary.requests).toBe(20);
    expect(result.settings.model).toBe('closed');
  });

  it('closed model: stops sending at the duration, though its timer fires late; requests in flight end in their bucket', async () => {
    const transport = new FakeTransport(() => 7);
    const engine = engineFor({ model: 'closed', connections: 3, durationMs: 100, bucketMs: 25 }, transport);
    const done = engine.run();
    const startMs = await engine.started;
    await vi.advanceTimersByTimeAsync(90);
    // From here the engine's clock reads 5 ms ahead of the timers: the duration's timer fires 5 ms late, as a busy
    // event loop makes it, while responses keep arriving.
    jumpMs = 5;
    await vi.advanceTimersByTimeAsync(500);
    const result = await done;
    expect(result.buckets.map((bucket) => bucket.startMs)).toEqual([0, 25, 50, 75]);
    const sentPerBucket = [0, 0, 0, 0];
    for (const request of transport.sent) {
      const bucket = Math.floor((request.sentMs - startMs) / 25);
      sentPerBucket[bucket] = (sentPerBucket[bucket] ?? 0) + 1;
    }
    expect(countsPerBucket(result.buckets)).toEqual(sentPerBucket);
    expect(result.summary).toMatchObject({ requests: transport.sent.length, durationMs: 100 });
    // The last sends left before 100 ms and ended after it: still counted, in the bucket they were sent in.
    expect(Math.max(...transport.sent.map((request) => request.sentMs - startMs))).toBeLessThan(100);
  });

  it('stop() ends sending at once and still waits for requests in flight', async () => {
    const transport = new FakeTransport(() => 200);
    const engine = engineFor({ rps: 10, durationMs: 10_000 }, transport);
    const done = engine.run();
    await vi.advanceTimersByTimeAsync(450);
    engine.stop();
    await vi.advanceTimersByTimeAsync(1000);
    const result = await done;
    expect(transport.sentAtMs).toHaveLength(5);
    expect(result.summary).toMatchObject({ requests: 5, stopReason: 'stopped', unfinished: 0 });
    expect(result.summary.durationMs).toBeCloseTo(450, 0);
  });

  it('abort() does not wait: requests in flight are counted as unfinished, not as outcomes', async () => {
    const transport = new FakeTransport(() => 5000);
    const engine = engineFor({ rps: 10, durationMs: 10_000 }, transport);
    const done = engine.run();
    await vi.advanceTimersByTimeAsync(450);
    engine.abort();
    const result = await done;
    expect(result.summary).toMatchObject({ requests: 0, unfinished: 5, stopReason: 'aborted' });
  });
});
