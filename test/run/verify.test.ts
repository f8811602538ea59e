import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/recommend/index.js';
import { PROPAGATION_DELAY_MS, REMOVAL_LATENESS_MS, readResult, runScenario, shortRollout } from './helpers.js';

describe('rollbench run --verify', () => {
  it('measures drain lag after each replaced pod began terminating, applies the recommended preStop, and the rerun fails nothing', async () => {
    const ran = await runScenario(shortRollout(undefined), { args: ['--verify'] });
    expect(ran.code).toBe(0);
    const before = await readResult(ran.outDir);
    const after = await readResult(`${ran.outDir}-verify`);
    expect(before.summary.failed).toBeGreaterThan(0);
    expect(after.summary.failed).toBe(0);
    // Drain lag on the local platform is about the configured propagation delay: traffic reached each pod after its
    // termination began, until the proxy's removal (the delay, however late a loaded machine ran it). Less by the
    // gap before the last request written to the pod, which a busy generator widens (see helpers.ts): no band below.
    const { drainLag, termination, attribution } = analyseRun(before);
    expect(drainLag.pods).toHaveLength(3);
    for (const pod of drainLag.pods) {
      expect(pod.source).toBe('pod-header');
      expect(pod.lagMs).toBeGreaterThan(0);
      expect(pod.lagMs).toBeLessThan(PROPAGATION_DELAY_MS + REMOVAL_LATENESS_MS);
    }
    // The longest lag + the 1 s minimum margin, rounded up: 2 s on a machine that kept up.
    const maxLagMs = Math.max(...drainLag.pods.map((pod) => pod.lagMs));
    const preStopSeconds = Math.ceil((maxLagMs + (termination?.preStop.inputs.marginMs ?? 1000)) / 1000);
    expect(preStopSeconds).toBeGreaterThanOrEqual(2);
    expect(termination?.preStop.seconds).toBe(preStopSeconds);
    expect(attribution.causes[0]).toMatchObject({ cause: 'routed-after-exit', action: 'rollout@1s' });
    expect((after.scenario.asRun as { target: { lifecycle: unknown } }).target.lifecycle).toEqual({
      preStop: { sleep: { seconds: preStopSeconds } },
    });
    expect(ran.stdout).toContain('Before / after applying the recommendation:');
    expect(ran.stdout).toMatch(/verdict +│ +FAIL │ +PASS │/);
  });
});
