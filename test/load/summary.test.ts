import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveLoadOptions } from '../../src/load/options.js';
import { buildLoadResult } from '../../src/load/summary.js';

const count = (n: number) => ({ count: n, p50Ms: 1, p90Ms: 1, p99Ms: 1, p999Ms: 1, maxMs: 1 });

describe('buildLoadResult: the numbers of the summary', () => {
  it('sets the rate sent apart from the rate that succeeded, and counts CPU against the cores and the whole span', () => {
    // 2 s of load at 1 000 rps: 2 000 sent, 1 640 timed out, 360 answered; the last timeout came 1 s after sending
    // ended; the process used 3 s of CPU over those 3 s.
    const result = buildLoadResult({
      options: resolveLoadOptions({ url: 'http://127.0.0.1:9/', rps: 1000, durationMs: 2000, timeoutMs: 1000 }),
      startedAt: new Date(),
      durationMs: 2000,
      drainMs: 1000,
      recorded: { buckets: [], outcomes: { '200': count(360), TIMEOUT: count(1640) }, pods: {} },
      late: { over1Ms: 0, over10Ms: 0, maxMs: 0 },
      droppedSends: 0,
      unfinished: 0,
      stopReason: 'completed',
      cpu: { user: 2_500_000, system: 500_000 },
    });
    const cores = availableParallelism();
    expect(result.summary).toMatchObject({
      requests: 2000,
      failed: 1640,
      sentRps: 1000,
      succeededRps: 180,
      durationMs: 2000,
      drainMs: 1000,
      generator: { cpuUs: 3_000_000, cores, cpuPercentOfCores: Number((100 / cores).toFixed(1)) },
    });
  });
});
