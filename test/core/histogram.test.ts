import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeEncoded,
  outcomeStats,
} from '../../src/core/histogram.js';

describe('latency histograms', () => {
  it('round-trip through the compressed base64 encoding without losing a count', () => {
    const histogram = createLatencyHistogram();
    for (let us = 1; us <= 10_000; us++) histogram.recordValue(us);
    const decoded = decodeHistogram(encodeHistogram(histogram));
    expect(decoded.totalCount).toBe(10_000);
    expect(outcomeStats(decoded)).toEqual(outcomeStats(histogram));
    histogram.destroy();
  });

  it('merge exactly: percentiles of the merged histogram are those of all values together', () => {
    const fast = createLatencyHistogram();
    const slow = createLatencyHistogram();
    const all = createLatencyHistogram();
    for (let i = 0; i < 900; i++) {
      fast.recordValue(1000);
      all.recordValue(1000);
    }
    for (let i = 0; i < 100; i++) {
      slow.recordValue(250_000);
      all.recordValue(250_000);
    }
    const merged = mergeEncoded([encodeHistogram(fast), encodeHistogram(slow)]);
    expect(outcomeStats(merged)).toEqual(outcomeStats(all));
    // p50 stays at 1 ms and p99 is the slow 250 ms: averaging the two p99s (the krkn mistake) would say ~125 ms.
    expect(outcomeStats(merged).p50Ms).toBeCloseTo(1, 2);
    expect(outcomeStats(merged).p99Ms).toBeCloseTo(250, 0);
    for (const h of [fast, slow, all]) h.destroy();
  });

  it('reports milliseconds from microsecond values', () => {
    const histogram = createLatencyHistogram();
    histogram.recordValue(1500);
    expect(outcomeStats(histogram)).toMatchObject({ count: 1, p50Ms: 1.5, maxMs: 1.5 });
    histogram.destroy();
  });
});
