import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWithDeadline } from '../support/child.js';
import {
  eventually,
  kubectlPath,
  sampleAppManifest,
  samplePodNames,
  startTestCluster,
  type TestCluster,
} from './support.js';

/**
 * `kubectl get -w`, stopped once `lines` lines arrived (failing after 10 s); `whileWatching` runs once it printed
 * the header.
 */
async function watchLines(
  cluster: TestCluster,
  args: string[],
  lines: number,
  whileWatching: () => Promise<unknown>,
): Promise<string[]> {
  const watch = spawnWithDeadline(
    kubectlPath ?? 'kubectl',
    ['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(cluster.dir, 'kube-cache'), ...args],
    { deadlineMs: 10_000 },
  );
  let started = false;
  watch.child.stdout.on('data', () => {
    const seen = watch.output().stdout.split('\n').slice(0, -1); // complete lines only
    if (!started && seen.length > 0) {
      started = true;
      void whileWatching();
    }
    if (seen.length >= lines) void watch.stop();
  });
  const { stdout } = await watch.ended;
  return stdout.split('\n').filter((line) => line !== '');
}

describe.skipIf(kubectlPath === undefined)('real kubectl against the API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('get nodes, -o wide, -o json', async () => {
    const plain = await cluster.kubectl(['get', 'nodes']);
    expect(plain.stderr).toBe('');
    expect(plain.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(plain.stdout).toMatch(/^node-1\s+Ready\s+worker\s+\d+s\s+v1\.32\.4-rollbench$/m);
    const wide = await cluster.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(
      /INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/,
    );
    expect(wide.stdout).toMatch(/^node-3\s+Ready\s+worker.*127\.0\.0\.1\s+<none>/m);
    const json = JSON.parse((await cluster.kubectl(['get', 'nodes', '-o', 'json'])).stdout);
    expect(json.items).toHaveLength(3);
    expect(json.items[0].status.allocatable).toHaveProperty('cpu');
  });

  it('create -f deploy/sample-app.yaml, then apply -f it unchanged, then get deploy,svc,pdb', async () => {
    const created = await cluster.kubectl(['create', '-f', sampleAppManifest]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe(
      'deployment.apps/sample-app created\nservice/sample-app created\npoddisruptionbudget.policy/sample-app created\n',
    );
    const applied = await cluster.kubectl(['apply', '-f', sampleAppManifest]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('deployment.apps/sample-app configured');
    const again = await cluster.kubectl(['apply', '-f', sampleAppManifest]);
    expect(again.stdout).toContain('deployment.apps/sample-app unchanged');
    const got = await cluster.kubectl(['get', 'deploy,svc,pdb', '-l', 'app=sample-app']);
    expect(got.stdout).toMatch(/^deployment\.apps\/sample-app\s+\d\/3\s+\d\s+\d\s+\d+s$/m);
    expect(got.stdout).toMatch(/^service\/sample-app\s+NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+\d+s$/m);
    expect(got.stdout).toMatch(/^poddisruptionbudget\.policy\/sample-app\s+2\s+N\/A\s+\d\s+\d+s$/m);
    const none = await cluster.kubectl(['get', 'deploy', '-l', 'app=nothing']);
    expect(none.stderr).toBe('No resources found in default namespace.\n');
  });

  it('leaves validation to the server: an unknown field is refused (Strict), or a warning with --validate=warn', async () => {
    const typo = join(cluster.dir, 'typo.yaml');
    const text = (await readFile(sampleAppManifest, 'utf8'))
      .replace('  replicas: 3', '  replcas: 3')
      .replace('metadata:\n  name: sample-app', 'metadata:\n  name: typo-app');
    await writeFile(typo, text.split('---')[0] ?? '');
    const strict = await cluster.kubectl(['create', '-f', typo]);
    expect(strict.stderr).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replcas"',
    );
    const warned = await cluster.kubectl(['create', '-f', typo, '--validate=warn']);
    expect(warned.stderr).toBe('Warning: unknown field "spec.replcas"\n');
    expect(warned.stdout).toBe('deployment.apps/typo-app created\n');
    // It selects the sample app's pods too: gone before the tests that count them.
    expect((await cluster.kubectl(['delete', 'deployment', 'typo-app'])).code).toBe(0);
  });

  it('scale --replicas goes through the scale subresource', async () => {
    const scaled = await cluster.kubectl(['scale', 'deployment/sample-app', '--replicas=4']);
    expect(scaled.stdout).toBe('deployment.apps/sample-app scaled\n');
    const replicas = await cluster.kubectl(['get', 'deploy', 'sample-app', '-o', 'jsonpath={.spec.replicas}']);
    expect(replicas.stdout).toBe('4');
  });

  it('cordon and uncordon: SchedulingDisabled and the unschedulable taint', async () => {
    expect((await cluster.kubectl(['cordon', 'node-2'])).stdout).toBe('node/node-2 cordoned\n');
    expect((await cluster.kubectl(['get', 'node', 'node-2'])).stdout).toMatch(/node-2\s+Ready,SchedulingDisabled/);
    const taints = await cluster.kubectl(['get', 'node', 'node-2', '-o', 'jsonpath={.spec.taints[*].key}']);
    expect(taints.stdout).toBe('node.kubernetes.io/unschedulable');
    expect((await cluster.kubectl(['uncordon', 'node-2'])).stdout).toBe('node/node-2 uncordoned\n');
    const after = await cluster.kubectl(['get', 'node', 'node-2', '-o', 'jsonpath={.spec}']);
    expect(after.stdout).toBe('{}');
  });

  it('get -w prints the list, then a line per change', async () => {
    const lines = await watchLines(cluster, ['get', 'nodes', '-w'], 5, () =>
      cluster.kubectl(['label', 'node', 'node-1', 'watched=yes']),
    );
    expect(lines[0]).toMatch(/^NAME\s+STATUS/);
    expect(lines.slice(1, 4).map((line) => line.split(/\s+/)[0])).toEqual(['node-1', 'node-2', 'node-3']);
    expect(lines[4]).toMatch(/^node-1\s+Ready/);
  });

  it('auth can-i answers yes (a SelfSubjectAccessReview sent as protobuf)', async () => {
    expect((await cluster.kubectl(['auth', 'can-i', 'create', 'pods/eviction'])).stdout).toBe('yes\n');
  });
});

describe.skipIf(kubectlPath === undefined)('real kubectl against the controllers', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.kubectl(['create', '-f', sampleAppManifest]);
  });
  afterAll(async () => {
    await cluster.close();
  });

  const podNames = () => samplePodNames(cluster);

  it('get deploy,rs,pods shows the ReplicaSet and its scheduled, Pending pods; -o wide shows the nodes', async () => {
    const got = await cluster.kubectl(['get', 'deploy,rs,pods']);
    expect(got.stdout).toMatch(/^deployment\.apps\/sample-app\s+0\/3\s+3\s+0\s+\d+s$/m);
    expect(got.stdout).toMatch(/^replicaset\.apps\/sample-app-[a-z0-9]+\s+3\s+3\s+0\s+\d+s$/m);
    expect(got.stdout.match(/^pod\/sample-app-[a-z0-9]+-[a-z0-9]{5}\s+0\/1\s+Pending\s+0\s+\d+s$/gm)).toHaveLength(3);
    const wide = await cluster.kubectl(['get', 'pods', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    expect([...wide.stdout.matchAll(/\s(node-\d)\s/g)].map((match) => match[1]).sort()).toEqual([
      'node-1',
      'node-2',
      'node-3',
    ]);
  });

  it('get endpointslices, pdb, events', async () => {
    const slices = await cluster.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=sample-app']);
    expect(slices.stdout).toMatch(/^sample-app-[a-z0-9]{5}\s+IPv4\s+<unset>\s+<unset>\s+\d+s$/m);
    const pdb = await cluster.kubectl(['get', 'pdb', 'sample-app']);
    expect(pdb.stdout).toMatch(/^sample-app\s+2\s+N\/A\s+0\s+\d+s$/m);
    const events = await cluster.kubectl(['get', 'events']);
    expect(events.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events.stdout).toMatch(
      /Normal\s+Scheduled\s+pod\/sample-app-\S+\s+Successfully assigned default\/sample-app-\S+ to node-\d/,
    );
    expect(events.stdout).toMatch(/Normal\s+SuccessfulCreate\s+replicaset\/sample-app-\S+\s+Created pod: sample-app-/);
    expect(events.stdout).toMatch(
      /Normal\s+ScalingReplicaSet\s+deployment\/sample-app\s+Scaled up replica set sample-app-\S+ from 0 to 3/,
    );
  });

  it('delete pod: the ReplicaSet replaces it', async () => {
    const [first] = await podNames();
    const deleted = await cluster.kubectl(['delete', 'pod', first ?? '']);
    expect(deleted.stdout).toBe(`pod "${first}" deleted\n`);
    const after = await eventually(async () => {
      const names = await podNames();
      return names.length === 3 && !names.includes(first ?? '') ? names : undefined;
    });
    expect(after).toHaveLength(3);
  });

  it('rollout restart creates a new ReplicaSet with the next revision; rollout status waits on it', async () => {
    const restarted = await cluster.kubectl(['rollout', 'restart', 'deployment/sample-app']);
    expect(restarted.stdout).toBe('deployment.apps/sample-app restarted\n');
    const revisions =
      'jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}:{.spec.replicas} {end}';
    const sets = await eventually(async () => {
      const listed = (await cluster.kubectl(['get', 'rs', '-o', revisions])).stdout.trim().split(' ').sort();
      return listed.length === 2 ? listed : undefined;
    });
    expect(sets).toEqual(['1:3', '2:1']);
    const status = await cluster.kubectl(['rollout', 'status', 'deployment/sample-app', '--timeout=1s']);
    expect(status.stdout).toContain(
      'Waiting for deployment "sample-app" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(status.code).not.toBe(0);
  });
});
