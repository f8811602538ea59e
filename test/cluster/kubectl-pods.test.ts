import { describe, expect, it } from 'vitest';
import { eventually, kubectlPath, rolloutTimeoutMs, samplePodNames, useSampleAppCluster } from './support.js';

describe.skipIf(kubectlPath === undefined)('real kubectl against pods that run', () => {
  const sampleAppCluster = useSampleAppCluster();
  const kubectl = (args: string[], timeoutMs?: number) => sampleAppCluster().kubectl(args, timeoutMs);

  const podNames = () => samplePodNames(sampleAppCluster());
  const rolloutStatus = () =>
    kubectl(['rollout', 'status', 'deployment/sample-app', '--timeout=40s'], rolloutTimeoutMs);
  /** The three pods, each Running 1/1 and none of them terminating. */
  const allRunning = async () => {
    const got = await kubectl(['get', 'pods', '--no-headers']);
    const lines = got.stdout.trim().split('\n');
    return lines.length === 3 && lines.every((line) => /\s1\/1\s+Running\s/.test(line)) ? lines : undefined;
  };

  it(
    'create -f, then rollout status waits until it prints "successfully rolled out"; get pods shows Running 1/1',
    async () => {
      const status = await rolloutStatus();
      expect(status.stdout).toContain('deployment "sample-app" successfully rolled out');
      expect(status.code).toBe(0);
      const lines = await eventually(allRunning, 10_000);
      for (const line of lines) expect(line).toMatch(/^sample-app-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
      const wide = await kubectl(['get', 'pods', '-o', 'wide', '--no-headers']);
      expect(wide.stdout).toMatch(/Running\s+0\s+\d+s\s+127\.0\.0\.1\s+node-\d/);
      const deploy = await kubectl(['get', 'deploy', 'sample-app', '--no-headers']);
      expect(deploy.stdout).toMatch(/^sample-app\s+3\/3\s+3\s+3\s+\d+s$/m);
    },
    rolloutTimeoutMs + 15_000,
  );

  it('the NodePort of `get svc` answers from one of the pods', async () => {
    const nodePort = await kubectl(['get', 'svc', 'sample-app', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
    const answer = await fetch(`http://127.0.0.1:${nodePort.stdout}/`);
    expect(answer.status).toBe(200);
    expect(await podNames()).toContain(answer.headers.get('x-rollbench-pod'));
  });

  it('top pod and top node: a row per running pod and per node, with non-zero memory', async () => {
    const names = await podNames();
    // A pod has metrics once the kubelet read it twice (about a second after it started).
    const top = await eventually(async () => {
      const got = await kubectl(['top', 'pod']);
      return got.code === 0 ? got : undefined;
    }, 10_000);
    const lines = top.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(/\s+/)[0])
        .sort(),
    ).toEqual([...names].sort());
    for (const line of lines.slice(1)) expect(line).toMatch(/^sample-app-\S+\s+\d+m\s+[1-9]\d*Mi\s*$/);
    const selected = await kubectl(['top', 'pod', '-l', 'app=sample-app', '--containers']);
    expect(selected.stdout).toMatch(/^POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    expect(selected.stdout).toMatch(/^sample-app-\S+\s+app\s+\d+m\s+[1-9]\d*Mi\s*$/m);
    const nodes = await kubectl(['top', 'node']);
    expect(nodes.code, nodes.stderr).toBe(0);
    const nodeLines = nodes.stdout.trimEnd().split('\n');
    expect(nodeLines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/);
    expect(nodeLines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['node-1', 'node-2']);
    for (const line of nodeLines.slice(1)) expect(line).toMatch(/^node-\d\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/);
    // The three pods' memory is spread over the two nodes: one holds at least one pod.
    expect(nodeLines.slice(1).some((line) => /\s[1-9]\d*Mi\s/.test(line))).toBe(true);
  }, 30_000);

  it('logs <pod> prints what the app wrote', async () => {
    const [first] = await podNames();
    const logs = await kubectl(['logs', first ?? '']);
    expect(logs.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it(
    'rollout restart, then rollout status: every pod replaced by a new, running one',
    async () => {
      const before = await podNames();
      expect((await kubectl(['rollout', 'restart', 'deployment/sample-app'])).code).toBe(0);
      const status = await rolloutStatus();
      expect(status.stdout).toContain('deployment "sample-app" successfully rolled out');
      const after = await eventually(async () => {
        const names = (await allRunning()) === undefined ? [] : await podNames();
        return names.length === 3 && names.every((name) => !before.includes(name)) ? names : undefined;
      }, 20_000);
      expect(after).toHaveLength(3);
    },
    rolloutTimeoutMs + 30_000,
  );

  it('delete pod: a new one replaces it and runs', async () => {
    const [first] = await podNames();
    const deleted = await kubectl(['delete', 'pod', first ?? ''], 30_000);
    expect(deleted.stdout).toBe(`pod "${first}" deleted\n`);
    const after = await eventually(async () => {
      const names = (await allRunning()) === undefined ? [] : await podNames();
      return names.length === 3 && !names.includes(first ?? '') ? names : undefined;
    }, 15_000);
    expect(after).toHaveLength(3);
  }, 50_000);

  it('drain --ignore-daemonsets: an eviction the budget refuses is retried until a replacement is ready', async () => {
    const wide = (await kubectl(['get', 'pods', '-o', 'wide', '--no-headers'])).stdout;
    const busiest = ['node-1', 'node-2'].sort((a, b) => wide.split(b).length - wide.split(a).length)[0] ?? 'node-1';
    const drained = await kubectl(['drain', busiest, '--ignore-daemonsets', '--timeout=50s'], 60_000);
    expect(drained.stdout, drained.stderr).toContain(`node/${busiest} drained`);
    expect(drained.code).toBe(0);
    expect(drained.stderr).toContain(
      "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.",
    );
    const pods = await eventually(allRunning, 15_000);
    for (const line of pods) expect(line).not.toContain(busiest);
    expect((await kubectl(['uncordon', busiest])).code).toBe(0);
  }, 90_000);
});
