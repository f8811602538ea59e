import { describe, expect, it } from 'vitest';
import { compareRuns, compareWithBaseline, exitCodeWithBaseline } from '../../src/analysis/compare.js';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/compare-thresholds.js';
import { ExitCode } from '../../src/core/errors.js';
import type { Bucket } from '../../src/core/result.js';
import type { RunResult } from '../../src/core/run-result.js';
import { rolloutResult } from '../report/fixtures.js';
import { encodedLatencies, runResult } from './fixtures.js';

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), so "noise" is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 30 s at 100 rps; successes take 1–5 ms (+ `extraUs`), and `failedPerBucket` of each second's answer 502. */
function run(seed: number, { extraUs = 0, failedPerBucket = 0 } = {}): RunResult {
  const next = random(seed);
  const buckets: Bucket[] = Array.from({ length: 30 }, (_, i) => {
    const ok = 100 - failedPerBucket;
    const latencies = Array.from({ length: ok }, () => Math.round(1000 + next() * 4000 + extraUs));
    return {
      startMs: i * 1000,
      outcomes: {
        '200': { count: ok, histogram: encodedLatencies(latencies) },
        ...(failedPerBucket > 0 ? { '502': { count: failedPerBucket } } : {}),
      },
    };
  });
  const result = runResult({ buckets, timeline: [] });
  result.verdict.judged = { ...result.verdict.judged, fromMs: 0, toMs: 30_000 };
  return result;
}

describe('compare', () => {
  it('calls two runs of the same distribution no regression: noise is not a regression', () => {
    const comparison = compareRuns(run(1), run(2));
    expect(comparison.regressions).toEqual([]);
    expect(comparison.windows[0]?.slowerPValue).toBeGreaterThan(0.01);
  });

  it('finds 20 ms more latency, with the numbers', () => {
    const comparison = compareRuns(run(1), run(2, { extraUs: 20_000 }));
    expect(comparison.regressions).toHaveLength(1);
    expect(comparison.regressions[0]).toMatch(/^p99 of successful requests 4\.9\d* → 24\.9\d* ms \(\+4\d\d %/);
  });

  it('finds a 1 % rate of 502s', () => {
    const comparison = compareRuns(run(1), run(2, { failedPerBucket: 1 }));
    expect(comparison.regressions).toEqual([
      expect.stringMatching(/^30 more failed requests \(0 → 30, allowed \+0, p = /),
    ]);
  });

  it('calls a real run compared with itself no regression, phase by phase', async () => {
    const result = await rolloutResult();
    const comparison = compareRuns(result, result);
    expect(comparison.regressions).toEqual([]);
    expect(comparison.windows.map((window) => window.name)).toEqual([
      'judged',
      'warmup',
      'steady',
      'rollout@5s',
      'cooldown',
    ]);
  });

  it('lets a threshold allow a few more failures', () => {
    const thresholds = { maxFailedRequestsIncrease: 50, p99IncreasePercent: 10, significance: 0.01 };
    expect(compareRuns(run(1), run(2, { failedPerBucket: 1 }), thresholds).regressions).toEqual([]);
  });
});

describe('compare: thresholds', () => {
  it('checks the rise of the error rate when a threshold is set', () => {
    const thresholds = { maxFailedRequestsIncrease: 100, p99IncreasePercent: 10, significance: 0.01 };
    const candidate = run(2, { failedPerBucket: 1 });
    expect(compareRuns(run(1), candidate, thresholds).regressions).toEqual([]);
    expect(compareRuns(run(1), candidate, { ...thresholds, maxErrorRateIncrease: 0.005 }).regressions).toEqual([
      expect.stringMatching(/^error rate 0 → 1 % \(\+1 percentage points, allowed \+0\.5, p = /),
    ]);
    expect(compareRuns(run(1), candidate, { ...thresholds, maxErrorRateIncrease: 0.02 }).regressions).toEqual([]);
  });

  it("takes the candidate scenario's compare: block, flags over it, defaults under it", () => {
    const candidate = run(2, { failedPerBucket: 1 });
    candidate.scenario.asRun = { compare: { maxFailedRequestsIncrease: 40, significance: 0.05 } };
    const byScenario = compareWithBaseline(run(1), candidate);
    expect(byScenario.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, maxFailedRequestsIncrease: 40, significance: 0.05 });
    expect(byScenario.regressions).toEqual([]);
    const byFlag = compareWithBaseline(run(1), candidate, { maxFailedRequestsIncrease: 0 });
    expect(byFlag.regressions).toHaveLength(1);
  });

  it('keeps an SLO failure as exit 4 and turns a passing run that regressed into exit 6', () => {
    const regressed = compareRuns(run(1), run(2, { failedPerBucket: 1 }));
    const same = compareRuns(run(1), run(2));
    expect(exitCodeWithBaseline(ExitCode.ok, regressed)).toBe(ExitCode.regression);
    expect(exitCodeWithBaseline(ExitCode.sloFailed, regressed)).toBe(ExitCode.sloFailed);
    expect(exitCodeWithBaseline(ExitCode.ok, same)).toBe(ExitCode.ok);
  });

  it('draws the latency of successes of both runs at each percentile', () => {
    const curve = compareRuns(run(1), run(2, { extraUs: 20_000 })).latencyCurve;
    expect(curve.percentiles).toContain(99);
    const p50 = curve.percentiles.indexOf(50);
    expect(curve.candidateMs[p50]).toBeGreaterThan((curve.baselineMs[p50] ?? 0) + 19);
  });
});
