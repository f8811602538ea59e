import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploymentPatch, patchContainers } from '../../../src/analysis/recommend/patch.js';
import type { TerminationRecommendation } from '../../../src/analysis/recommend/prestop.js';
import { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { runResult } from '../../analysis/fixtures.js';
import { kubectlPath, startTestCluster, type TestCluster } from '../../cluster/support.js';

// The patch `rollbench recommend` writes, taken by the real kubectl (`--type strategic -p`, JSON and YAML, and
// `--patch-file`) against a Deployment whose containers are not called `app`, one with an exec preStop.

const manifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'web:1', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } } } },
          { name: 'envoy', image: 'envoy:1' },
        ],
      },
    },
  },
};

const rec: TerminationRecommendation = {
  preStop: { seconds: 3, formula: '', inputs: {} },
  terminationGracePeriod: { seconds: 40, formula: '', inputs: {} },
  current: { preStopSeconds: 0, terminationGracePeriodSeconds: 30 },
  evidence: { podsMeasured: 1, shutdownsMeasured: 0 },
};

// biome-ignore lint/suspicious/noExplicitAny: kubectl's JSON, read field by field.
type Json = any;

describe.skipIf(kubectlPath === undefined)('the recommended Deployment patch, applied with kubectl', () => {
  let cluster: TestCluster;
  let patch: Record<string, unknown>;
  beforeAll(async () => {
    cluster = await startTestCluster();
    const file = join(cluster.dir, 'web.json');
    await writeFile(file, JSON.stringify(manifest));
    const created = await cluster.kubectl(['create', '-f', file]);
    expect(created.code, created.stderr).toBe(0);
    // The containers as the platform reads them, the way a run records them in its result.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfig);
    const platform = new KubernetesPlatform({ kubeConfig, namespace: 'default', deployment: 'web' });
    const result = runResult({ buckets: [], timeline: [] });
    result.workload = { before: await platform.settings() };
    patch = deploymentPatch(rec, { containers: patchContainers(result) });
  }, 30_000);
  afterAll(async () => {
    await cluster?.close();
  });

  async function template(): Promise<Json> {
    const got = await cluster.kubectl(['get', 'deployment', 'web', '-o', 'json']);
    expect(got.code, got.stderr).toBe(0);
    return JSON.parse(got.stdout).spec.template.spec;
  }

  function expectPatched(spec: Json): void {
    expect(spec.terminationGracePeriodSeconds).toBe(40);
    expect(spec.containers.map((c: Json) => [c.name, c.image, c.lifecycle])).toEqual([
      ['web', 'web:1', { preStop: { sleep: { seconds: 3 } } }],
      ['envoy', 'envoy:1', { preStop: { sleep: { seconds: 3 } } }],
    ]);
  }

  it('kubectl patch --type strategic -p <json>: every container by its name, the exec handler replaced', async () => {
    const patched = await cluster.kubectl([
      'patch',
      'deployment',
      'web',
      '--type',
      'strategic',
      '-p',
      JSON.stringify(patch),
    ]);
    expect(patched.code, patched.stderr).toBe(0);
    expect(patched.stdout).toContain('deployment.apps/web patched');
    expectPatched(await template());
  });

  it('the YAML form, with -p and with --patch-file, changes nothing more (already applied)', async () => {
    const yaml = stringify(patch);
    const inline = await cluster.kubectl(['patch', 'deployment', 'web', '--type', 'strategic', '-p', yaml]);
    expect(inline.code, inline.stderr).toBe(0);
    const file = join(cluster.dir, 'patch.yaml');
    await writeFile(file, yaml);
    const fromFile = await cluster.kubectl(['patch', 'deployment', 'web', '--type', 'strategic', '--patch-file', file]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('deployment.apps/web patched (no change)');
    expectPatched(await template());
  });
});
