import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlPath, startTestCluster, type TestCluster } from './support.js';

const sampleApp = new URL('../../deploy/sample-app.yaml', import.meta.url).pathname;

/** `kubectl get -w`, killed once `lines` lines arrived (or after 10 s); `whileWatching` runs once it printed the header. */
function watchLines(
  cluster: TestCluster,
  args: string[],
  lines: number,
  whileWatching: () => Promise<unknown>,
): Promise<string[]> {
  return new Promise((done) => {
    const child = spawn(kubectlPath ?? 'kubectl', [
      '--kubeconfig',
      cluster.kubeconfig,
      '--cache-dir',
      join(cluster.dir, 'kube-cache'),
      ...args,
    ]);
    let output = '';
    let started = false;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const seen = output.split('\n').slice(0, -1); // complete lines only
      if (!started && seen.length > 0) {
        started = true;
        void whileWatching();
      }
      if (seen.length >= lines) child.kill('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(deadline);
      done(output.split('\n').filter((line) => line !== ''));
    });
  });
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
    const created = await cluster.kubectl(['create', '-f', sampleApp]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe(
      'deployment.apps/sample-app created\nservice/sample-app created\npoddisruptionbudget.policy/sample-app created\n',
    );
    const applied = await cluster.kubectl(['apply', '-f', sampleApp]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('deployment.apps/sample-app configured');
    const again = await cluster.kubectl(['apply', '-f', sampleApp]);
    expect(again.stdout).toContain('deployment.apps/sample-app unchanged');
    const got = await cluster.kubectl(['get', 'deploy,svc,pdb', '-l', 'app=sample-app']);
    expect(got.stdout).toMatch(/^deployment\.apps\/sample-app\s+\d\/3\s+\d\s+\d\s+\d+s$/m);
    expect(got.stdout).toMatch(/^service\/sample-app\s+NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+\d+s$/m);
    expect(got.stdout).toMatch(/^poddisruptionbudget\.policy\/sample-app\s+2\s+N\/A\s+\d\s+\d+s$/m);
    const none = await cluster.kubectl(['get', 'deploy', '-l', 'app=nothing']);
    expect(none.stderr).toBe('No resources found in default namespace.\n');
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
