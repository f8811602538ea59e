import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from '../../../src/load/run-load.js';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import type { ActionReport, RolloutChange } from '../../../src/platform/kubernetes/types.js';
import { eventually, listPods } from '../../cluster/support.js';
import { type SampleCluster, startSampleCluster } from './support.js';

const actionTimeoutMs = 60_000;
/** 200 rps for 10 s at the NodePort, the rollout 2 s in: the seed experiment of the README, on the embedded cluster. */
const loadMs = 10_000;
const rolloutAtMs = 2000;

describe('the seed experiment through the Kubernetes platform: a rollout under 200 rps', () => {
  let sample: SampleCluster;
  let platform: KubernetesPlatform;
  let url: string;
  beforeAll(async () => {
    sample = await startSampleCluster();
    platform = sample.platform();
    url = (await platform.start(AbortSignal.timeout(actionTimeoutMs))).url;
  }, actionTimeoutMs);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  async function rolloutUnderLoad(change: RolloutChange) {
    const load = startLoad({ url, rps: 200, durationMs: loadMs, connections: 10, podHeaders: ['x-rollbench-pod'] });
    let report: ActionReport | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, rolloutAtMs));
      report = await platform.act({ type: 'rollout', id: 'rollout@2s', change }, AbortSignal.timeout(actionTimeoutMs));
    } finally {
      report ?? load.abort();
    }
    const result = await load.done;
    const outcomes = Object.fromEntries(
      Object.entries(result.summary.outcomes).map(([key, stats]) => [key, stats.count]),
    );
    process.stdout.write(
      `seed rollout (${change.kind}): ${result.summary.requests} requests, ${result.summary.failed} failed ${JSON.stringify(outcomes)}, rollout ${Math.round((report?.finishedMs ?? 0) - (report?.startedMs ?? 0))} ms\n`,
    );
    return { result, report };
  }

  it(
    'without preStop, requests fail while the old pods go',
    async () => {
      const { result, report } = await rolloutUnderLoad({ kind: 'restart' });
      expect(report?.podsRemoved).toHaveLength(3);
      expect(result.summary.failed).toBeGreaterThan(0);
    },
    actionTimeoutMs,
  );

  it(
    'with a preStop sleep longer than the proxy propagation delay (1 s), a rollout fails none or next to none',
    async () => {
      const preStop = { spec: { containers: [{ name: 'app', lifecycle: { preStop: { sleep: { seconds: 2 } } } }] } };
      await platform.act(
        { type: 'rollout', id: 'prestop', change: { kind: 'patch', template: preStop } },
        AbortSignal.timeout(actionTimeoutMs),
      );
      expect((await platform.settings()).containers[0]?.preStop).toEqual({ sleepSeconds: 2 });
      // kubectl calls a rollout done while old pods still terminate: let them go, and the proxy notice, before loading.
      await eventually(
        async () => ((await listPods(sample.cluster, 'app=sample-app')).length === 3 ? true : undefined),
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, sample.cluster.proxy.endpointPropagationDelayMs + 500));
      const { result } = await rolloutUnderLoad({ kind: 'restart' });
      expect(result.summary.failed).toBeLessThanOrEqual(2);
    },
    actionTimeoutMs,
  );
});
