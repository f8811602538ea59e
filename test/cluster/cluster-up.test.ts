import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rollbench, rollbenchBin } from '../support/cli.js';
import { kubectlPath } from './support.js';

interface Up {
  child: ChildProcess;
  dir: string;
  kubeconfig: string;
  output: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** `rollbench cluster up` in a fresh directory, once it printed `ready` (killed after 10 s otherwise). */
async function clusterUp(args: string[] = []): Promise<Up> {
  const dir = await mkdtemp(join(tmpdir(), 'rollbench-up-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [
    rollbenchBin,
    'cluster',
    'up',
    '--data-dir',
    dir,
    '--write-kubeconfig',
    kubeconfig,
    ...args,
  ]);
  started.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const deadline = Date.now() + 10_000;
  while (!output.includes('ready\n')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`cluster up did not get ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, dir, kubeconfig, output: () => output, exited };
}

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('rollbench cluster up', () => {
  it('prints the API URL, the kubeconfig, one line per node, the missing kubelet, then ready', async () => {
    const up = await clusterUp(['--nodes', '2', '--proxy-mode', 'l4', '--endpoint-propagation-delay', '250ms']);
    const lines = up.output().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^API server: https:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toBe(`kubeconfig: ${up.kubeconfig}   (kubectl --kubeconfig ${up.kubeconfig} get nodes)`);
    expect(lines[2]).toMatch(/^node node-1: Ready, \d+m CPU, [\d.]+ GiB allocatable$/);
    expect(lines[3]).toMatch(/^node node-2: Ready/);
    expect(lines).toContain(
      'note: pods are not run yet: no kubelet starts their containers, so they stay Pending and never become Ready',
    );
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

  it.skipIf(kubectlPath === undefined)('is what kubectl reaches through the written kubeconfig', async () => {
    const up = await clusterUp();
    const nodes = await new Promise<string>((done) =>
      execFile(
        kubectlPath ?? 'kubectl',
        ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), 'get', 'nodes', '-o', 'name'],
        { timeout: 10_000, killSignal: 'SIGKILL' },
        (_error, stdout) => done(stdout),
      ),
    );
    expect(nodes).toBe('node/node-1\nnode/node-2\nnode/node-3\n');
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });

  it('says in --help what is not wired yet, and refuses a bad proxy mode', async () => {
    const help = await rollbench(['cluster', 'up', '--help']);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('pods are not run yet');
    expect(text).toContain('not wired yet');
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
