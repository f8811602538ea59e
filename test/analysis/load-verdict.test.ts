import { describe, expect, it } from 'vitest';
import { judgeLoad } from '../../src/analysis/load-verdict.js';
import type { Bucket } from '../../src/core/result.js';
import { latencyBucket as bucket, runResult } from './fixtures.js';

const load = (...buckets: Bucket[]) => runResult({ buckets, timeline: [] });

describe('judgeLoad: the thresholds of rollbench load, on the whole load', () => {
  it('with no threshold, passes when something succeeded and fails when nothing did', () => {
    const some = judgeLoad(
      load(bucket(0, { '200': { count: 1, latencyMs: 5 }, '502': { count: 99, latencyMs: 1 } })),
      {},
    );
    expect(some).toMatchObject({ passed: true, nothingSucceeded: false, checks: [] });
    const none = judgeLoad(load(bucket(0, { ECONNREFUSED: { count: 20, latencyMs: 1 } }), bucket(1000, {})), {});
    expect(none).toMatchObject({ passed: false, nothingSucceeded: true, judged: { requests: 20, failed: 20 } });
  });

  it('judges every bucket against each threshold given, as the scenario SLO does', () => {
    const result = load(
      bucket(0, { '200': { count: 90, latencyMs: 20 }, '503': { count: 10, latencyMs: 1 } }),
      bucket(1000, { '200': { count: 100, latencyMs: 300 } }),
    );
    const verdict = judgeLoad(result, { maxFailedRequests: 10, maxErrorRate: 0.01, maxP99Ms: 250 });
    expect(verdict.checks).toEqual([
      { name: 'maxFailedRequests', limit: 10, measured: 10, passed: true },
      { name: 'maxErrorRate', limit: 0.01, measured: 0.05, passed: false },
      { name: 'maxP99', limit: 250, measured: expect.closeTo(300, 0), passed: false },
    ]);
    expect(verdict).toMatchObject({ passed: false, nothingSucceeded: false });
    // A threshold that allows every failure is the user's say: nothing succeeding then passes.
    const allowed = judgeLoad(load(bucket(0, { TIMEOUT: { count: 5, latencyMs: 1000 } })), { maxErrorRate: 1 });
    expect(allowed).toMatchObject({ passed: true, nothingSucceeded: false });
  });
});
