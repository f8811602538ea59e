import { describe, expect, it } from 'vitest';
import {
  PROPAGATION_DELAY_MS,
  REMOVAL_LATENESS_MS,
  readResult,
  replicaPods,
  runningReplicas,
  runScenario,
  shortRollout,
} from './helpers.js';

describe('rollbench run: a rollout without preStop on the local platform', () => {
  it('drops requests while the proxy still routes to pods that exited on SIGTERM, and exits 4', async () => {
    const ran = await runScenario(shortRollout(undefined));
    expect(ran.code).toBe(4);
    const result = await readResult(ran.outDir);
    expect(result.verdict.passed).toBe(false);
    // The load's duration is the one it ran for, not the run's 5-minute cap.
    expect(result.settings.durationMs).toBe(Math.round(result.summary.durationMs));
    expect(result.settings.durationMs).toBeLessThan(20_000);
    expect((result.scenario.asRun as { timeoutMs: number }).timeoutMs).toBe(300_000);
    expect(result.verdict.judged.failed).toBeGreaterThan(0);
    // The failures are the proxy's 502s for endpoints it had not yet removed, named after those pods. A machine too
    // loaded to answer within the load's 2 s timeout adds TIMEOUTs, which name no pod.
    expect(Object.keys(result.summary.outcomes)).toContain('502');
    const replaced = result.actions[0]?.podsRemoved ?? [];
    expect(replaced).toHaveLength(3);
    const failedOn = (pods: string[]) => pods.reduce((sum, pod) => sum + (result.summary.pods?.[pod]?.failed ?? 0), 0);
    const failedOnReplaced = failedOn(replaced);
    expect(failedOnReplaced).toBe(failedOn(Object.keys(result.summary.pods ?? {})));
    expect(failedOnReplaced + (result.summary.outcomes.TIMEOUT?.count ?? 0)).toBe(result.summary.failed);
    // Each replaced pod kept receiving requests after it began terminating, until the proxy's removal: at most the
    // propagation delay, plus however late a loaded machine ran the removal (helpers.ts says why no band below).
    for (const pod of replaced) {
      const terminating = result.timeline.find((event) => event.type === 'pod-terminating' && event.pod === pod);
      const lagMs = (result.summary.pods?.[pod]?.lastSentMs ?? 0) - (terminating?.atMs ?? 0);
      expect(lagMs).toBeGreaterThan(0);
      expect(lagMs).toBeLessThan(PROPAGATION_DELAY_MS + REMOVAL_LATENESS_MS);
    }
    expect(ran.stdout.trimEnd().split('\n').slice(-3).join('\n')).toMatch(/^FAIL \(maxFailedRequests\)/m);
    expect(ran.stdout).toMatch(/rollout@1s/);
    // No replica outlives the run.
    expect(replicaPods(result).length).toBe(6);
    expect(runningReplicas(result)).toEqual([]);
  });
});
