import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/core/result.js';
import { renderLoadSummary } from '../../src/report/console.js';
import { loadResult } from './fixtures.js';

/** The committed load result, open model, with the late writes and the warm-up a load measures today. */
async function openResult(): Promise<LoadResult> {
  const result = await loadResult();
  result.settings.model = 'open';
  result.summary.requests = 1000;
  result.summary.unfinished = 0;
  result.summary.lateSends = { over1Ms: 10, over10Ms: 1, maxMs: 12.5 };
  result.summary.lateWrites = { over1Ms: 40, over10Ms: 2, maxMs: 25 };
  result.summary.warmup = { durationMs: 1000, requests: 200, failed: 3, outcomes: {} };
  return result;
}

describe('the console summary of a load', () => {
  it('prints the late writes beside the late sends', async () => {
    const text = renderLoadSummary(await openResult());
    expect(text).toContain('Schedule: 1.0 % of sends late > 1 ms, 0.10 % > 10 ms (latest 12.5 ms); 0 dropped');
    expect(text).toContain(
      "Writes onto a connection: 4.0 % of requests late > 1 ms, 0.20 % > 10 ms (latest 25.0 ms), the pool's queue included",
    );
  });

  it('prints the warm-up, and says it is in none of the figures', async () => {
    const text = renderLoadSummary(await openResult());
    expect(text).toContain(
      'Warm-up: 200 requests in 1s before the judged load, 3 failed (1.5 %); in none of the figures above',
    );
  });

  it('says nothing of either when the result has neither (written before they were measured, or no warm-up)', async () => {
    const result = await openResult();
    delete result.summary.lateWrites;
    delete result.summary.warmup;
    const text = renderLoadSummary(result);
    expect(text).not.toContain('Writes:');
    expect(text).not.toContain('Warm-up:');
  });
});
