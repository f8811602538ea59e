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
    // Drain lag on the local platform is the configured propagation delay (500 ms), give or take: less by the gap
    // between two requests to a pod and by however long a loaded generator queued them before sending (drain lag is
    // measured at the send: 166-229 ms seen at load average 15), more by however late the proxy's removal ran.
    const { drainLag, termination, attribution } = analyseRun(before);
    expect(drainLag.pods).toHaveLength(3);
    for (const pod of drainLag.pods) {
      expect(pod.source).toBe('pod-header');
      expect(pod.lagMs).toBeGreaterThan(0);
      expect(pod.lagMs).toBeLessThan(500 + 2000);
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
