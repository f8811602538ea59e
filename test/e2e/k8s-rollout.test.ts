import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { eventually, listPods } from '../cluster/support.js';
import { type SampleCluster, sampleAppReady, startSampleCluster } from '../platform/kubernetes/support.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// The seed experiment, as a user runs it on the embedded cluster: `rollbench run scenarios/k8s-rollout.yaml
// --kubeconfig <file>` against deploy/sample-app.yaml created through the client. Without preStop the rollout
// fails requests (exit 4); after a strategic-merge patch adds `preStop: sleep 2s` (longer than the kube-proxy's
// 1 s endpoint propagation delay), the same scenario passes (exit 0).

const scenario = new URL('../../scenarios/k8s-rollout.yaml', import.meta.url).pathname;
/** The whole run is ~15 s on an idle box (3 s warmup, a rollout of three pods probed every second, 3 s cooldown). */
const runTimeoutMs = 90_000;

describe('rollbench run scenarios/k8s-rollout.yaml on the embedded cluster', () => {
  const dir = tempDir('rollbench-e2e-');
  let sample: SampleCluster;
  beforeAll(async () => {
    sample = await startSampleCluster();
    // Created through the client: wait until the Deployment's three pods are ready before the first run.
    await sampleAppReady(sample.cluster);
  }, 60_000);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  async function run(
    name: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string; result: RunResult }> {
    const out = join(dir.path, name);
    const ran = await rollbench(
      ['run', scenario, '--kubeconfig', sample.cluster.kubeconfig, '--out', out, '--report', 'none'],
      undefined,
      runTimeoutMs,
    );
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as RunResult;
    const { requests, failed } = result.summary;
    process.stdout.write(
      `k8s-rollout ${name}: exit ${ran.code}, ${requests} requests, ${failed} failed, rollout ${Math.round((result.actions[0]?.finishedMs ?? 0) - (result.actions[0]?.startedMs ?? 0))} ms, load ${Math.round(result.summary.durationMs)} ms\n`,
    );
    return { ...ran, result };
  }

  it(
    'fails requests without preStop (exit 4), and passes once the Deployment has a 2 s preStop sleep (exit 0)',
    async () => {
      const before = await run('no-prestop');
      expect(before.code, before.stderr).toBe(4);
      expect(before.result.platform.name).toBe('kubernetes');
      expect(before.result.verdict.judged.failed).toBeGreaterThan(0);
      expect(before.result.actions[0]).toMatchObject({ id: 'rollout@5s', podsRemoved: expect.any(Array) });
      expect(before.result.actions[0]?.podsRemoved).toHaveLength(3);
      // What the cluster held, read from it: no preStop, Kubernetes' default grace period.
      expect(before.result.workload?.before).toMatchObject({
        name: 'default/sample-app',
        replicas: 3,
        terminationGracePeriodSeconds: 30,
      });
      expect(before.result.workload?.before.containers[0]?.preStop).toBeUndefined();
      expect(before.stdout).toContain('lifecycle.preStop.sleep.seconds');

      const patched = await sample.cluster.api('/apis/apps/v1/namespaces/default/deployments/sample-app', {
        method: 'PATCH',
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'app', lifecycle: { preStop: { sleep: { seconds: 2 } } } }] } },
          },
        },
      });
      expect(patched.status).toBe(200);
      // The patch rolls the pods out: wait until only the three new ones remain and the proxy has let go of the rest.
      await eventually(async () => {
        const pods = await listPods(sample.cluster, 'app=sample-app');
        const current = pods.filter(
          (pod) =>
            pod.metadata?.deletionTimestamp === undefined &&
            pod.spec?.containers?.[0]?.lifecycle?.preStop !== undefined &&
            pod.status?.conditions?.some(
              (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
            ),
        );
        return pods.length === 3 && current.length === 3 ? true : undefined;
      }, 45_000);
      await new Promise((resolve) => setTimeout(resolve, sample.cluster.proxy.endpointPropagationDelayMs + 500));

      const after = await run('prestop');
      expect(after.code, `${after.stderr}\n${after.stdout}`).toBe(0);
      expect(after.result.summary.failed).toBe(0);
      expect(after.result.workload?.before.containers[0]?.preStop).toEqual({ sleepSeconds: 2 });
      expect(after.result.restored).toEqual({ restored: [], leftChanged: [] });
    },
    4 * runTimeoutMs,
  );
});
