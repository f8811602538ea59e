import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVICTION_RETRY_MS } from '../../../src/platform/kubernetes/actions/drain.js';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { listPods } from '../../cluster/support.js';
import { recordTimeline, type SampleCluster, startSampleCluster } from './support.js';

const actionTimeoutMs = 60_000;
/** The sample app's PodDisruptionBudget. */
const minAvailable = 2;

// biome-ignore lint/suspicious/noExplicitAny: pods as the API answered them.
const readyAndNotTerminating = (pod: any) =>
  pod.metadata.deletionTimestamp === undefined &&
  // biome-ignore lint/suspicious/noExplicitAny: conditions as the API answered them.
  pod.status?.conditions?.some((condition: any) => condition.type === 'Ready' && condition.status === 'True');

describe('drain on the embedded cluster, under the sample app PodDisruptionBudget (minAvailable 2)', () => {
  let sample: SampleCluster;
  let platform: KubernetesPlatform;
  beforeAll(async () => {
    // Two nodes for three pods: one node holds two, and draining it meets the budget on the second eviction.
    sample = await startSampleCluster({ nodeCount: 2 });
    platform = sample.platform();
    await platform.start(AbortSignal.timeout(actionTimeoutMs));
  }, actionTimeoutMs);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  const nodeOf = async (name: string) =>
    (await sample.cluster.api(`/api/v1/nodes/${name}`)).json as { spec: { unschedulable?: boolean } };
  const busiestNode = async () => {
    const counts = new Map<string, number>();
    for (const pod of await listPods(sample.cluster, 'app=sample-app')) {
      counts.set(pod.spec.nodeName, (counts.get(pod.spec.nodeName) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  };

  it(
    'evicts both pods of the node, never below minAvailable ready pods, blocked by the budget, and restore uncordons',
    async () => {
      const node = await busiestNode();
      const timeline = recordTimeline(platform);
      let fewestReady = Number.POSITIVE_INFINITY;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const ready = (await listPods(sample.cluster, 'app=sample-app')).filter(readyAndNotTerminating).length;
          fewestReady = Math.min(fewestReady, ready);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const report = await platform
        .act({ type: 'drain', id: 'drain@1s', node }, AbortSignal.timeout(actionTimeoutMs))
        .finally(async () => {
          sampling = false;
          await sampler;
        });
      await timeline.stop();
      expect(fewestReady).toBeGreaterThanOrEqual(minAvailable);
      expect(report.podsRemoved).toHaveLength(2);
      // The second eviction waited for the first pod's replacement: at least one 5 s retry.
      expect(report.blockedMs).toBeGreaterThanOrEqual(EVICTION_RETRY_MS - 100);
      const types = timeline.events.map((event) => event.type);
      expect(types).toContain('node-cordoned');
      expect(types).toContain('eviction-refused');
      expect(types.filter((type) => type === 'eviction-done')).toHaveLength(2);
      expect((await nodeOf(node)).spec.unschedulable).toBe(true);
      expect(await platform.restore()).toEqual({ restored: [`uncordoned ${node}`], leftChanged: [] });
      expect((await nodeOf(node)).spec.unschedulable).toBeUndefined();
    },
    actionTimeoutMs,
  );

  it(
    'a drain stopped while the budget blocks it still leaves the node to restore, which uncordons it',
    async () => {
      await platform.start(AbortSignal.timeout(actionTimeoutMs));
      const node = await busiestNode();
      const stop = new AbortController();
      const drained = platform.act({ type: 'drain', id: 'drain@2s', node }, stop.signal);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      stop.abort(new Error('interrupted'));
      await expect(drained).rejects.toThrow('interrupted');
      expect((await nodeOf(node)).spec.unschedulable).toBe(true);
      expect((await platform.restore()).restored).toEqual([`uncordoned ${node}`]);
      expect((await nodeOf(node)).spec.unschedulable).toBeUndefined();
    },
    actionTimeoutMs,
  );
});
