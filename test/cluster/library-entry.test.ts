import { describe, expect, it } from 'vitest';
import { runWithDeadline } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

// `cluster up` as a library call: `rollbench/cluster`, an entry of its own (package.json "exports"), so that the
// cluster stays a separate program — `import 'rollbench'` never loads it — and the layers keep it out of the rest.
// Imported by package name from a separate Node process, as a user's code would (it runs dist/).

const script = (dataDir: string) => `
const { startCluster, kubeconfigText } = await import('rollbench/cluster');
const library = await import('rollbench');
const cluster = await startCluster({ port: 0, nodeCount: 2, dataDir: ${JSON.stringify(dataDir)}, runPods: false });
try {
  const kubeconfig = kubeconfigText({ server: cluster.url, token: cluster.token, caPem: cluster.caPem, name: 'lib' });
  console.log(JSON.stringify({
    nodes: cluster.nodes.map((node) => node.metadata.name),
    kubeconfigServer: kubeconfig.includes('server: ' + cluster.url),
    inMainEntry: 'startCluster' in library,
  }));
} finally {
  await cluster.close();
}
`;

describe('rollbench/cluster', () => {
  const dir = tempDir('rollbench-cluster-entry-');

  it('starts and stops the embedded cluster; the main entry does not carry it', async () => {
    const ran = await runWithDeadline(process.execPath, ['--input-type=module', '-e', script(dir.path)], {
      deadlineMs: 30_000,
    });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ nodes: ['node-1', 'node-2'], kubeconfigServer: true, inMainEntry: false });
    expect(ran.code).toBe(0);
  }, 40_000);
});
