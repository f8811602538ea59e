import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppsV1Api, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { deploymentRolloutStatus } from '../../src/platform/kubernetes/rollout-status.js';
import type { VerifyRecord } from '../../src/run/verify.js';
import { type SampleCluster, sampleAppReady, startSampleCluster } from '../platform/kubernetes/support.js';
import { waitForOutput } from '../support/child.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// `rollbench run scenarios/k8s-rollout.yaml --kubeconfig <file> --verify` on the embedded cluster, as the issue
// asks: the first run fails requests (no preStop), the recommended preStop is patched onto the Deployment, the
// second run passes, and the Deployment's pod template is put back as it was — unless --keep.

const scenario = new URL('../../scenarios/k8s-rollout.yaml', import.meta.url).pathname;
/** Two runs of ~15 s and two rollouts of three pods, on an idle box ~50 s; bounded well above that. */
const verifyTimeoutMs = 240_000;
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

describe('rollbench run scenarios/k8s-rollout.yaml --verify on the embedded cluster', () => {
  const dir = tempDir('rollbench-e2e-verify-');
  let sample: SampleCluster;
  let apps: AppsV1Api;
  let original: V1Deployment;
  beforeAll(async () => {
    sample = await startSampleCluster();
    apps = sample.kubeConfig.makeApiClient(AppsV1Api);
    await sampleAppReady(sample.cluster);
    original = await deployment();
  }, 60_000);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  const deployment = () => apps.readNamespacedDeployment({ name: 'sample-app', namespace: 'default' });
  /** The pod template without the annotation the scenario's own `rollout restart` sets on every run. */
  const templateOf = (object: V1Deployment) => {
    const { metadata, ...rest } = structuredClone(object.spec?.template ?? {});
    const { [RESTARTED_AT]: _restartedAt, ...annotations } = metadata?.annotations ?? {};
    return { ...rest, metadata: { ...metadata, annotations } };
  };
  const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

  async function verify(name: string, extra: string[] = [], whileRunning?: Parameters<typeof rollbench>[1]) {
    const out = join(dir.path, name);
    const args = ['run', scenario, '--kubeconfig', sample.cluster.kubeconfig, '-o', out, '--report', 'none'];
    const ran = await rollbench([...args, '--verify', ...extra], whileRunning, verifyTimeoutMs);
    const first = await readJson<RunResult>(join(out, 'result.json'));
    const secondFile = join(`${out}-verify`, 'result.json');
    const second = existsSync(secondFile) ? await readJson<RunResult>(secondFile) : undefined;
    const record = await readJson<VerifyRecord>(join(`${out}-verify`, 'verify.json'));
    const outcomes = (result: RunResult | undefined) => JSON.stringify(result?.verdict.judged.outcomes ?? {});
    process.stdout.write(
      `k8s-verify ${name}: exit ${ran.code}; failed ${first.verdict.judged.failed} of ${first.verdict.judged.requests} before ${outcomes(first)}, ${second?.verdict.judged.failed ?? '–'} of ${second?.verdict.judged.requests ?? '–'} after ${outcomes(second)}\n`,
    );
    return { ...ran, first, second, record };
  }

  it(
    'fails first, passes with the recommended preStop, and leaves the Deployment as it was (exit 0)',
    async () => {
      const ran = await verify('restore');
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.first.verdict.judged.failed).toBeGreaterThan(0);
      expect(ran.first.workload?.before.containers[0]?.preStop).toBeUndefined();
      expect(ran.second?.verdict.judged.failed).toBe(0);
      // The second run read the patched Deployment: the preStop the first recommended, on the container `app`.
      const preStop = ran.record.applied.preStopSeconds;
      expect(ran.second?.workload?.before.containers).toEqual([
        expect.objectContaining({ name: 'app', preStop: { sleepSeconds: preStop } }),
      ]);
      expect(ran.record).toMatchObject({ target: 'deployment sample-app', kept: false });
      expect(ran.record.restored?.leftChanged).toEqual([]);
      expect(ran.record.restored?.restored).toEqual([
        expect.stringMatching(/^pod template of default\/sample-app \(.*lifecycle.*\) put back and rolled out$/),
      ]);
      expect(ran.stderr).toContain('--verify: restored: pod template of default/sample-app');
      expect(ran.stdout).toMatch(/verdict +│ +FAIL │ +PASS │/);
      // As before: the same pod template (no preStop, the same grace period), rolled out.
      const after = await deployment();
      expect(templateOf(after)).toEqual(templateOf(original));
      expect(after.spec?.template.spec?.containers[0]?.lifecycle).toBeUndefined();
      expect(deploymentRolloutStatus(after).done).toBe(true);
    },
    verifyTimeoutMs + 10_000,
  );

  it(
    'SIGTERM while the patch rolls out: no second run, the Deployment put back, exit 130',
    async () => {
      await sampleAppReady(sample.cluster);
      const ran = await verify('sigterm', [], (child) => {
        // A run that never gets there ends at its own deadline, and the exit code below says so.
        waitForOutput(child, 'stderr', /--verify: patching/, verifyTimeoutMs).then(
          () => child.kill('SIGTERM'),
          () => {},
        );
      });
      expect(ran.code, ran.stderr).toBe(130);
      expect(ran.second).toBeUndefined();
      expect(ran.record.restored?.leftChanged).toEqual([]);
      expect(ran.record.restored?.restored).toHaveLength(1);
      expect(templateOf(await deployment())).toEqual(templateOf(original));
    },
    verifyTimeoutMs + 10_000,
  );

  it(
    '--keep: the patch stays on the Deployment',
    async () => {
      await sampleAppReady(sample.cluster);
      const ran = await verify('keep', ['--keep']);
      // The second run's verdict decides the exit code (on a loaded box a request may still time out).
      expect(ran.second).toBeDefined();
      expect(ran.code, ran.stderr).toBe(ran.second?.verdict.passed ? 0 : 4);
      expect(ran.record).toMatchObject({ kept: true });
      expect(ran.record.restored).toBeUndefined();
      expect(ran.stderr).toContain('--verify: --keep: deployment sample-app keeps the change');
      const after = await deployment();
      expect(after.spec?.template.spec?.containers[0]?.lifecycle?.preStop?.sleep?.seconds).toBe(
        ran.record.applied.preStopSeconds,
      );
    },
    verifyTimeoutMs + 10_000,
  );
});
