import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { KubeClients } from '../../src/platform/kubernetes/client.js';
import { watchCrashLoops } from '../../src/platform/local/crash-loops.js';
import { until } from '../support/until.js';

describe('watchCrashLoops', () => {
  it('holds at most one abort listener on its signal however many times it polls, and ends when it aborts', async () => {
    let polls = 0;
    const listenersSeen: number[] = [];
    const controller = new AbortController();
    const clients = {
      core: {
        listNamespacedPod: async () => {
          polls += 1;
          listenersSeen.push(getEventListeners(controller.signal, 'abort').length);
          return { items: [] };
        },
      },
    } as unknown as KubeClients;
    const watching = watchCrashLoops(clients, { namespace: 'default', labelSelector: 'app=web' }, controller.signal);
    // Each poll waits 250 ms: four polls left three waits behind, which used to keep a listener each.
    await until(() => polls >= 4, 20_000);
    controller.abort();
    await expect(watching).resolves.toBeUndefined();
    expect(Math.max(...listenersSeen)).toBeLessThanOrEqual(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
