import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/recommend/index.js';
import { readResult, runScenario, shortRollout } from './helpers.js';

describe('rollbench run --verify', () => {
  it('measures drain lag ≈ the propagation delay, applies the recommended preStop, and the rerun fails nothing', async () => {
    const ran = await runScenario(shortRollout(undefined), { args: ['--verify'] });
    expect(ran.code).toBe(0);
    const before = await readResult(ran.outDir);
    const after = await readResult(`${ran.outDir}-verify`);
    expect(before.summary.failed).toBeGreaterThan(0);
    expect(after.summary.failed).toBe(0);
    // Drain lag on the local platform equals the configured propagation delay (500 ms) within 100 ms.
    const { drainLag, termination, attribution } = analyseRun(before);
    expect(drainLag.pods).toHaveLength(3);
    for (const pod of drainLag.pods) {
      expect(pod.source).toBe('pod-header');
      expect(Math.abs(pod.lagMs - 500)).toBeLessThan(100);
    }
    expect(termination?.preStop.seconds).toBe(2); // 500 ms + the 1 s minimum margin, rounded up
    expect(attribution.causes[0]).toMatchObject({ cause: 'routed-after-exit', action: 'rollout@1s' });
    expect((after.scenario.asRun as { target: { lifecycle: unknown } }).target.lifecycle).toEqual({
      preStop: { sleep: { seconds: 2 } },
    });
    expect(ran.stdout).toContain('Before / after applying the recommendation:');
    expect(ran.stdout).toMatch(/verdict +│ +FAIL │ +PASS │/);
  });
});
