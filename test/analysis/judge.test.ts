import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { judgedCapacity, judgeStep } from '../../src/analysis/capacity.js';
import { judged, judgingOf } from '../../src/analysis/judge.js';
import type { CapacityResult, RunResult } from '../../src/core/run-result.js';
import { capacityPath, prestopPath, rolloutPath } from '../report/fixtures.js';

const read = async <T>(path: string) => JSON.parse(await readFile(path, 'utf8')) as T;

// Phases, verdicts and capacity findings are analysis: a saved result judged again reads as it did when written.

describe('judging a saved result again', () => {
  it.each([rolloutPath, prestopPath])('gives the phases and verdict the run wrote (%s)', async (path) => {
    const result = await read<RunResult>(path);
    const again = judged({
      ...result,
      phases: [],
      verdict: { passed: true, judged: result.verdict.judged, checks: [] },
    });
    expect(again.phases).toEqual(result.phases);
    expect(again.verdict).toEqual(result.verdict);
  });

  it('reads the warmup and SLO from the scenario recorded; none stated is zero downtime', async () => {
    const result = await read<RunResult>(rolloutPath);
    expect(judgingOf(result)).toEqual({ warmupMs: 3000, slo: { maxFailedRequests: 0 } });
    expect(judgingOf({ scenario: { name: 'x', asRun: { warmupMs: 1000, slo: {} } } }).slo).toEqual({
      maxFailedRequests: 0,
    });
  });

  it('gives a capacity run’s highest passing rate, sizing and early stop as written', async () => {
    const result = await read<CapacityResult>(capacityPath);
    const { maxPassingRps: _max, sizing: _sizing, stoppedEarly: _stopped, ...measured } = result;
    expect(result).toMatchObject({ maxPassingRps: 400, sizing: { targetRps: 3000 } });
    expect(judgedCapacity(measured)).toEqual(result);
  });

  it('judges a capacity step as the run did', async () => {
    const result = await read<CapacityResult>(capacityPath);
    const { slo } = judgingOf(result);
    for (const step of result.steps)
      expect(judgeStep(step.load, slo)).toEqual({ verdict: step.verdict, successLatency: step.successLatency });
  });
});
