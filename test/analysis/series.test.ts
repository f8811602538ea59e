import { describe, expect, it } from 'vitest';
import { latencyPerOutcome } from '../../src/analysis/series.js';
import type { Bucket } from '../../src/core/result.js';
import { encodedLatencies } from './fixtures.js';

describe('latencyPerOutcome', () => {
  it('gives each outcome its own p50 / p99 / max per bucket, null where it had none', () => {
    const buckets: Bucket[] = [
      { startMs: 0, outcomes: { '200': { count: 3, histogram: encodedLatencies([1000, 2000, 3000]) } } },
      {
        startMs: 1000,
        outcomes: {
          '200': { count: 1, histogram: encodedLatencies([4000]) },
          '502': { count: 2, histogram: encodedLatencies([500, 700]) },
          ECONNREFUSED: { count: 1 },
        },
      },
    ];
    const series = latencyPerOutcome(buckets, ['200', '502', 'ECONNREFUSED']);
    expect(series.map((outcome) => [outcome.key, outcome.failure])).toEqual([
      ['200', false],
      ['502', true],
    ]);
    // HDR histograms keep 3 significant digits.
    const rounded = (values: Array<number | null> | undefined) =>
      values?.map((ms) => (ms === null ? null : Math.round(ms * 100) / 100));
    expect(rounded(series[0]?.maxMs)).toEqual([3, 4]);
    expect(rounded(series[1]?.p50Ms)).toEqual([null, 0.5]);
    expect(rounded(series[1]?.maxMs)).toEqual([null, 0.7]);
  });
});
