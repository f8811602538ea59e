import { describe, expect, it } from 'vitest';
import { ActionPods } from '../../../src/platform/kubernetes/action-pods.js';
import { makeClients } from '../../../src/platform/kubernetes/client.js';
import { eventually, listPods, reportReady } from '../../cluster/support.js';
import { useSampleCluster } from './support.js';

describe('the pods an action removed', () => {
  // No kubelet: this test plays it, so a deleted pod stays terminating until the test finishes it.
  const setup = useSampleCluster({ runPods: false });

  it('are those in service when it began: one already terminating then (a scale-down just before) is not', async () => {
    const { sample } = setup;
    const { cluster } = sample;
    const names: string[] = await eventually(async () => {
      const pods = await listPods(cluster, 'app=sample-app');
      return pods.length === 3 ? pods.map((pod) => pod.metadata.name as string) : undefined;
    }, 10_000);
    for (const name of names) await reportReady(cluster, 'default', name, '127.0.0.1');
    const [before, during] = names as [string, string];
    const podPath = (name: string) => `/api/v1/namespaces/default/pods/${name}`;
    // Started, so deletion waits for a kubelet: terminating from here on.
    expect((await cluster.api(podPath(before), { method: 'DELETE' })).status).toBe(200);

    const pods = await ActionPods.open(
      makeClients(sample.kubeConfig),
      'default',
      'app=sample-app',
      AbortSignal.timeout(30_000),
      () => {},
    );
    // During the action: the pod that was terminating before it is gone, and one in service is taken out.
    expect((await cluster.api(`${podPath(before)}?gracePeriodSeconds=0`, { method: 'DELETE' })).status).toBe(200);
    expect((await cluster.api(podPath(during), { method: 'DELETE' })).status).toBe(200);
    await eventually(() => (pods.removed.includes(during) ? true : undefined), 10_000);
    await pods.close({ catchUp: true });
    expect(pods.removed).toEqual([during]);
  });
});
