import { describe, expect, it } from 'vitest';
import { OpenSchedule, sendBuckets } from '../../src/load/schedule.js';

describe('OpenSchedule', () => {
  it('has exactly rate × duration sends, evenly spaced from the start', () => {
    const schedule = new OpenSchedule(1000, 4, 1000);
    expect(schedule.total).toBe(4);
    expect([0, 1, 2, 3].map((i) => schedule.intendedMs(i))).toEqual([1000, 1250, 1500, 1750]);
  });

  it('counts the sends due by a time, including the one due exactly then', () => {
    const schedule = new OpenSchedule(0, 1000, 10_000);
    expect(schedule.dueBy(-1)).toBe(0);
    expect(schedule.dueBy(0)).toBe(1);
    expect(schedule.dueBy(0.999)).toBe(1);
    expect(schedule.dueBy(1)).toBe(2);
    expect(schedule.dueBy(1e9)).toBe(10_000);
  });

  it('agrees with itself at every intended time despite floating point (rates like 3 rps)', () => {
    for (const rps of [3, 7, 333.3, 5000]) {
      const schedule = new OpenSchedule(12.5, rps, 2000);
      for (let i = 0; i < schedule.total; i++) expect(schedule.dueBy(schedule.intendedMs(i))).toBe(i + 1);
    }
  });

  it('rounds a fractional count of sends up: 2.5 rps for 1 s sends at 0 ms, 400 ms and 800 ms', () => {
    expect(new OpenSchedule(0, 2.5, 1000).total).toBe(3);
  });
});

describe('sendBuckets', () => {
  /** How many of the first `sends` sends each bucket gets. */
  const counts = (bucketOf: (index: number) => number, sends: number) => {
    const perBucket: number[] = [];
    for (let i = 0; i < sends; i++) perBucket[bucketOf(i)] = (perBucket[bucketOf(i)] ?? 0) + 1;
    return perBucket;
  };

  it('puts exactly rate × bucket sends in each bucket, the send due on a boundary in the later one', () => {
    expect(counts(sendBuckets(500, 1000), 2000)).toEqual([500, 500, 500, 500]);
    expect(counts(sendBuckets(0.1, 30_000), 9)).toEqual([3, 3, 3]);
    // At 2.2 rps send 33 is due at 15 s exactly, but 33 / 2.2 is 14.999999999999998 in floating point.
    expect(sendBuckets(2.2, 1000)(33)).toBe(15);
  });

  it('spreads a fractional count per bucket exactly: 333.3 rps makes 3 333 sends every 10 s', () => {
    const perBucket = counts(sendBuckets(333.3, 1000), 33_330);
    expect(new Set(perBucket)).toEqual(new Set([333, 334]));
    for (let ten = 0; ten < 100; ten += 10) expect(perBucket.slice(ten, ten + 10).reduce((a, b) => a + b)).toBe(3333);
    expect(counts(sendBuckets(2.5, 1000), 5)).toEqual([3, 2]);
  });
});
