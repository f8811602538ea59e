import { afterEach, describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/platform/kubernetes/client.js';
import { RestoreLedger } from '../../../src/platform/kubernetes/restore-ledger.js';
import { useFaultyCluster } from './support.js';

// restore() says what it put back and what it could not, and only that: it reads what the cluster holds, so a
// cordon or scale whose call failed is not reported as undone, and every call stays within the 10 s budget even
// when the API server hangs, refuses or throttles.

const budgetMs = 10_000;

describe('restore under API faults', () => {
  const setup = useFaultyCluster();
  const ledger = async () => new RestoreLedger(makeClients(setup.kubeConfig), 'default', 'sample-app');
  afterEach(() => {
    setup.relay.hang(false);
    setup.relay.refuse(false);
    setup.relay.cut();
  });

  const cordon = async (node: string, unschedulable: boolean | null) => {
    const patched = await setup.sample.cluster.api(`/api/v1/nodes/${node}`, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { unschedulable } },
    });
    expect(patched.status).toBe(200);
  };
  const isCordoned = async (node: string) =>
    (await setup.sample.cluster.api(`/api/v1/nodes/${node}`)).json.spec.unschedulable === true;

  it('a drain whose cordon failed (500) leaves nothing to restore, and restore says nothing was', async () => {
    const platform = setup.sample.platform();
    setup.faults.failNext({ method: 'PATCH', path: '/api/v1/nodes/node-1', status: 500, count: 1 });
    await expect(
      platform.act({ type: 'drain', id: 'drain@1s', node: 'node-1' }, AbortSignal.timeout(10_000)),
    ).rejects.toMatchObject({
      message: 'drain@1s: Internal error occurred: injected fault (HTTP 500)',
      // The API server's own error: the platform's failure (exit 5), not rollbench's.
      code: 'KUBERNETES_API_ERROR',
      exitCode: 5,
    });
    expect(await isCordoned('node-1')).toBe(false);
    expect(await platform.restore()).toEqual({ restored: [], leftChanged: [] });
  });

  it('a scale whose patch failed (500) is not reported as restored', async () => {
    const platform = setup.sample.platform();
    setup.faults.failNext({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/sample-app/scale',
      status: 500,
      count: 1,
    });
    await expect(
      platform.act({ type: 'scale', id: 'scale@1s', replicas: 5 }, AbortSignal.timeout(10_000)),
    ).rejects.toThrow('scale@1s: Internal error occurred: injected fault (HTTP 500)');
    expect(await platform.restore()).toEqual({ restored: [], leftChanged: [] });
  });

  it('a 429 storm with Retry-After during restore is waited out and the node uncordoned', async () => {
    await cordon('node-2', true);
    const restore = await ledger();
    restore.cordoned('node-2');
    setup.faults.failNext({
      method: 'PATCH',
      path: '/api/v1/nodes/node-2',
      status: 429,
      count: 3,
      retryAfterSeconds: 1,
    });
    const startedMs = performance.now();
    expect(await restore.restore()).toEqual({ restored: ['uncordoned node-2'], leftChanged: [] });
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(3000 - 50);
    expect(await isCordoned('node-2')).toBe(false);
  });

  it('a hung API server: restore gives up within its budget and names what it left changed', async () => {
    await cordon('node-3', true);
    const restore = await ledger();
    restore.cordoned('node-3');
    restore.scaledFrom(3);
    setup.relay.hang(true);
    const startedMs = performance.now();
    const report = await restore.restore();
    const tookMs = performance.now() - startedMs;
    expect(tookMs).toBeGreaterThanOrEqual(budgetMs - 100);
    expect(tookMs).toBeLessThan(budgetMs + 2000);
    expect(report.restored).toEqual([]);
    expect(report.leftChanged).toEqual([
      'node node-3 not uncordoned (kubectl uncordon node-3): no answer before the timeout',
      'replicas of default/sample-app not restored to 3 (kubectl scale deployment/sample-app -n default --replicas=3): no answer before the timeout',
    ]);
    // Once the server answers again, the same ledger puts back what is still changed: the node; the replicas
    // were never changed.
    setup.relay.hang(false);
    expect(await restore.restore()).toEqual({ restored: ['uncordoned node-3'], leftChanged: [] });
  }, 20_000);

  it('an API server back within the budget: restore retries and uncordons', async () => {
    await cordon('node-1', true);
    const restore = await ledger();
    restore.cordoned('node-1');
    setup.relay.refuse(true);
    setTimeout(() => setup.relay.refuse(false), 1500);
    expect(await restore.restore()).toEqual({ restored: ['uncordoned node-1'], leftChanged: [] });
    expect(await isCordoned('node-1')).toBe(false);
  });
});
