import { describe, expect, it } from 'vitest';
import { restartWaitMs } from '../../../src/platform/kubernetes/actions/rollout.js';
import { useSampleCluster } from './support.js';

// `kubectl rollout restart` stamps the template with the time to the second: two restarts within one second send
// the same value, the template does not change, nothing rolls. A restart here waits for the next second instead.

const at = (iso: string) => Date.parse(iso);

describe('restartWaitMs: the wait that makes a restart change the template', () => {
  it('waits until the next second when the template was restarted this second, in any zone', () => {
    expect(restartWaitMs('2026-11-29T01:20:00Z', at('2026-11-29T01:20:00.250Z'))).toBe(750);
    expect(restartWaitMs('2026-11-29T02:20:00+01:00', at('2026-11-29T01:20:00.999Z'))).toBe(1);
    expect(restartWaitMs('2026-11-29T01:20:00Z', at('2026-11-29T01:20:00.000Z'))).toBe(1000);
  });

  it('does not wait otherwise: an earlier second, no annotation, or one that is not a time', () => {
    expect(restartWaitMs('2026-11-29T01:19:59Z', at('2026-11-29T01:20:00.250Z'))).toBe(0);
    expect(restartWaitMs(undefined, at('2026-11-29T01:20:00.250Z'))).toBe(0);
    expect(restartWaitMs('yesterday', at('2026-11-29T01:20:00.250Z'))).toBe(0);
  });
});

describe('a restart right after another within the same second still rolls', () => {
  // No pods run: the rollout is sent, then its wait is cut short; what matters is the template it wrote.
  const setup = useSampleCluster({ runPods: false });

  const path = '/apis/apps/v1/namespaces/default/deployments/sample-app';

  it('the second restart carries the next second and bumps the generation', async () => {
    // At the start of a second, so that the stamp below and the restart fall within it.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    const thisSecond = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { sample } = setup;
    const stamped = await sample.cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': thisSecond } } } } },
    });
    const generation = stamped.json.metadata.generation as number;
    const rolling = sample
      .platform()
      .act({ type: 'rollout', id: 'rollout@1s', change: { kind: 'restart' } }, AbortSignal.timeout(2500));
    await expect(rolling).rejects.toThrow();
    const after = (await sample.cluster.api(path)).json;
    expect(after.metadata.generation).toBe(generation + 1);
    const restartedAt = after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
    expect(Date.parse(restartedAt) - Date.parse(thisSecond)).toBeGreaterThanOrEqual(1000);
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
