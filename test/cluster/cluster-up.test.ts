import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { spawnWithDeadline, waitForOutput } from '../support/child.js';
import { rollbench, rollbenchBin } from '../support/cli.js';
import { eventually, kubectlPath } from './support.js';

/** A POST to the API of a `cluster up`, with the token and CA of the kubeconfig it wrote. */
async function createPod(kubeconfig: string, pod: unknown): Promise<void> {
  const config = parse(await readFile(kubeconfig, 'utf8'));
  const { server, 'certificate-authority-data': caData } = config.clusters[0].cluster;
  const dispatcher = new Agent({ connect: { ca: Buffer.from(caData, 'base64').toString() } });
  try {
    const answer = await fetch(`${server}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${config.users[0].user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(pod),
    });
    expect(answer.status).toBe(201);
  } finally {
    await dispatcher.close();
  }
}

/** Whether any process is left in the process group `pid` led. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Up {
  child: ChildProcess;
  dir: string;
  kubeconfig: string;
  output: () => string;
  exited: Promise<number | null>;
}

// Each test starts a `rollbench cluster up` process: a second or two on a quiet machine, many more on a loaded one.
vi.setConfig({ testTimeout: 60_000 });

/** `rollbench cluster up` in a fresh directory, once it printed `ready` (failing after 30 s otherwise). */
async function clusterUp(args: string[] = []): Promise<Up> {
  const dir = await mkdtemp(join(tmpdir(), 'rollbench-up-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // Stopped at the latest when its test ends (test/support/child.ts).
  const up = spawnWithDeadline(process.execPath, [
    rollbenchBin,
    'cluster',
    'up',
    '--data-dir',
    dir,
    '--write-kubeconfig',
    kubeconfig,
    ...args,
  ]);
  const output = () => up.output().stdout + up.output().stderr;
  await waitForOutput(up.child, 'stdout', /^ready$/m, 30_000).catch((err: Error) => {
    throw new Error(`cluster up did not get ready: ${err.message}\n--- stderr ---\n${up.output().stderr}`);
  });
  return { child: up.child, dir, kubeconfig, output, exited: up.ended.then((ran) => ran.code) };
}

describe('rollbench cluster up', () => {
  it('prints the API URL, the kubeconfig, one line per node, the kube-proxy, then ready', async () => {
    const up = await clusterUp(['--nodes', '2', '--proxy-mode', 'l4', '--endpoint-propagation-delay', '250ms']);
    const lines = up.output().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^API server: https:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toBe(`kubeconfig: ${up.kubeconfig}   (kubectl --kubeconfig ${up.kubeconfig} get nodes)`);
    expect(lines[2]).toMatch(/^node node-1: Ready, \d+m CPU, [\d.]+ GiB allocatable$/);
    expect(lines[3]).toMatch(/^node node-2: Ready/);
    expect(lines).toContain('kube-proxy: l4, endpoint propagation 250 ms, NodePorts on 127.0.0.1');
    expect(lines.some((line) => line.startsWith('cpu:'))).toBe(false); // --nice 0, the default
    expect(lines.at(-1)).toBe('ready');
    expect((await stat(up.kubeconfig)).mode & 0o777).toBe(0o600);
    const kubeconfig = await readFile(up.kubeconfig, 'utf8');
    expect(kubeconfig).toContain('certificate-authority-data: ');
    expect(kubeconfig).toMatch(/token: [0-9a-f]{48}/);
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
    expect(up.output().trimEnd().split('\n').at(-1)).toBe('stopped');
  });

  it.each(['SIGINT', 'SIGHUP'] as const)('stops cleanly on %s', async (signal) => {
    const up = await clusterUp(['--nodes', '1']);
    up.child.kill(signal);
    expect(await up.exited).toBe(0);
  });

  it('leaves no pod process behind when killed with kill -9', async () => {
    const up = await clusterUp(['--nodes', '1']);
    const pidFile = join(up.dir, 'pod-pid');
    // The container leaves a child of its own, which must go too. As on Kubernetes, `$$` in a command is `$`.
    const script = `sleep 300 & echo $$$$ > ${pidFile}; wait`;
    await createPod(up.kubeconfig, {
      metadata: { name: 'sleeper' },
      spec: { containers: [{ name: 'main', image: 'local', command: ['/bin/sh', '-c', script] }] },
    });
    const pid = await eventually(async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.endsWith('\n') ? Number(text) : undefined;
    }, 30_000);
    expect(groupAlive(pid)).toBe(true);
    up.child.kill('SIGKILL');
    await up.exited;
    await eventually(() => (groupAlive(pid) ? undefined : true), 5000);
  });

  it('runs itself and its pods at the CPU priority --nice gives, and each pod session group too', async () => {
    const up = await clusterUp(['--nodes', '1', '--nice', '7']);
    // Not its session's leader (the test started it): it leaves that session's scheduling group alone.
    expect(up.output()).toContain('cpu: nice 7 for the cluster and its pods');
    expect(getPriority(up.child.pid)).toBe(7);
    const pidFile = join(up.dir, 'pod-pid');
    await createPod(up.kubeconfig, {
      metadata: { name: 'sleeper' },
      spec: {
        containers: [{ name: 'main', image: 'local', command: ['/bin/sh', '-c', `echo $$$$ > ${pidFile}; sleep 300`] }],
      },
    });
    const pid = await eventually(async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.endsWith('\n') ? Number(text) : undefined;
    }, 30_000);
    expect(getPriority(pid)).toBe(7);
    // A pod leads a session of its own: where the kernel groups sessions, the pod's group gives way too.
    const group = await readFile(`/proc/${pid}/autogroup`, 'utf8').catch(() => undefined);
    if (group !== undefined) {
      await eventually(
        async () => ((await readFile(`/proc/${pid}/autogroup`, 'utf8')).endsWith('nice 7\n') ? true : undefined),
        5000,
      );
    }
    const bad = await rollbench(['cluster', 'up', '--nice', '20']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a nice value from 0 to 19, got "20"');
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });

  it.skipIf(kubectlPath === undefined)('is what kubectl reaches through the written kubeconfig', async () => {
    const up = await clusterUp();
    const nodes = await new Promise<string>((done) =>
      execFile(
        kubectlPath ?? 'kubectl',
        ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), 'get', 'nodes', '-o', 'name'],
        { timeout: 30_000, killSignal: 'SIGKILL' },
        (_error, stdout) => done(stdout),
      ),
    );
    expect(nodes).toBe('node/node-1\nnode/node-2\nnode/node-3\n');
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });

  it('says in --help what runs pods and NodePorts, and refuses a bad proxy mode', async () => {
    const help = await rollbench(['cluster', 'up', '--help']);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('a kubelet that runs each pod as local processes');
    expect(text).toContain('a kube-proxy that listens on 127.0.0.1:<nodePort>');
    const bad = await rollbench(['cluster', 'up', '--proxy-mode', 'l3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'l3' is invalid");
  });
});

describe('rollbench cluster up, when it cannot start', () => {
  it('says in one line that the API port is taken (exit 2), and that the kubeconfig cannot be written, leaving no server behind', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const port = (taken.address() as AddressInfo).port;
    try {
      const busy = await rollbench(['cluster', 'up', '--port', String(port), '--nodes', '1']);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toMatch(new RegExp(`^rollbench: port ${port} on 127.0.0.1 is already in use`));
    } finally {
      taken.close();
    }
    // Before: an internal error with a stack, and the API server kept running after it.
    const nowhere = await rollbench(['cluster', 'up', '--write-kubeconfig', '/nonexistent/dir/kc', '--nodes', '1']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^rollbench: --write-kubeconfig: cannot write \/nonexistent\/dir\/kc: ENOENT/);
  });
});
