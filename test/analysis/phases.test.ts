import { describe, expect, it } from 'vitest';
import { judgedFromMs, phaseCounts } from '../../src/analysis/phases.js';
import { evaluateSlo } from '../../src/analysis/slo.js';
import type { Bucket } from '../../src/core/result.js';
import { event, latencyBucket } from './fixtures.js';

const buckets: Bucket[] = Array.from({ length: 10 }, (_, i): Bucket => {
  const failing = i === 5 || i === 6;
  return {
    startMs: i * 1000,
    outcomes: failing ? { '200': { count: 90 }, '502': { count: 10 } } : { '200': { count: 100 } },
  };
});
const started = (atMs: number, action: string) => ({ ...event(atMs, 'action-started'), action });
const finished = (atMs: number, action: string) => ({ ...event(atMs, 'action-finished'), action });

describe('phaseCounts', () => {
  it('cuts at the warmup and each action (owning the buckets it starts and finishes in), counting whole buckets', () => {
    const phases = phaseCounts(buckets, [started(4999.4, 'a'), finished(6400, 'a')], 3000, 10_000, 1000);
    expect(phases.map(({ name, fromMs, toMs, requests, failed }) => [name, fromMs, toMs, requests, failed])).toEqual([
      ['warmup', 0, 3000, 300, 0],
      ['steady', 3000, 4000, 100, 0],
      ['a', 4000, 7000, 300, 20],
      ['cooldown', 7000, 10_000, 300, 0],
    ]);
  });

  it('keeps an action shorter than a bucket, and calls the time between two actions steady', () => {
    const phases = phaseCounts(
      buckets,
      [started(2100, 'a'), finished(2400, 'a'), started(6000, 'b'), finished(7500, 'b')],
      1000,
      10_000,
      1000,
    );
    expect(phases.map(({ name, fromMs, toMs }) => [name, fromMs, toMs])).toEqual([
      ['warmup', 0, 1000],
      ['steady', 1000, 2000],
      ['a', 2000, 3000],
      ['steady', 3000, 6000],
      ['b', 6000, 8000],
      ['cooldown', 8000, 10_000],
    ]);
  });
});

describe('phaseCounts with awkward timings', () => {
  it('back-to-back actions follow one another; cooldown only after the last', () => {
    const phases = phaseCounts(
      buckets,
      [started(5000, 'a'), finished(7200, 'a'), started(7500, 'b'), finished(8100, 'b')],
      2000,
      12_000,
      1000,
    );
    expect(phases.map(({ name, fromMs, toMs }) => [name, fromMs, toMs])).toEqual([
      ['warmup', 0, 2000],
      ['steady', 2000, 5000],
      ['a', 5000, 8000],
      ['b', 8000, 9000],
      ['cooldown', 9000, 12_000],
    ]);
  });

  it('a warmup that is not a whole number of buckets: steady (and the judged window) start at its bucket', () => {
    expect(judgedFromMs(2500, 1000)).toBe(2000);
    const phases = phaseCounts(buckets, [], 2500, 10_000, 1000);
    expect(phases.map(({ name, fromMs, toMs }) => [name, fromMs, toMs])).toEqual([
      ['warmup', 0, 2000],
      ['steady', 2000, 10_000],
    ]);
  });

  it('an action still running when the run ends lasts until the end', () => {
    const phases = phaseCounts(buckets, [started(6000, 'drain@6s')], 0, 10_000, 1000);
    expect(phases.map(({ name, fromMs, toMs }) => [name, fromMs, toMs])).toEqual([
      ['steady', 0, 6000],
      ['drain@6s', 6000, 10_000],
    ]);
  });
});

describe('evaluateSlo', () => {
  it('judges only the buckets after the warmup, each check against its limit', () => {
    const verdict = evaluateSlo(buckets, { maxFailedRequests: 0, maxErrorRate: 0.05 }, 3000, 10_000);
    expect(verdict.judged).toMatchObject({ requests: 700, failed: 20 });
    expect(verdict.checks).toEqual([
      { name: 'maxFailedRequests', limit: 0, measured: 20, passed: false },
      { name: 'maxErrorRate', limit: 0.05, measured: 0.028571, passed: true },
    ]);
    expect(verdict.passed).toBe(false);
    expect(evaluateSlo(buckets, { maxFailedRequests: 0 }, 7000, 10_000).passed).toBe(true);
  });

  it('fails maxP99, with nothing measured, when no request succeeded (it used to pass as 0 ms)', () => {
    const verdict = evaluateSlo([latencyBucket(0, { '503': { count: 5, latencyMs: 2 } })], { maxP99Ms: 250 }, 0, 1000);
    expect(verdict.checks).toEqual([{ name: 'maxP99', limit: 250, measured: null, passed: false }]);
    expect(verdict.passed).toBe(false);
  });
});
