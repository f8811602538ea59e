import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../../src/platform/kubernetes/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'rollbench-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  context: string;
  cluster: string;
  server: string;
  user?: string;
  namespace?: string;
}

function kubeconfig(name: string, entries: Entry[], current?: string): string {
  const file = join(dir, name);
  const lines = ['apiVersion: v1', 'kind: Config', ...(current ? [`current-context: ${current}`] : []), 'clusters:'];
  for (const e of entries) lines.push(`- name: ${e.cluster}`, '  cluster:', `    server: ${e.server}`);
  lines.push('users:');
  for (const e of entries)
    lines.push(`- name: ${e.user ?? `${e.cluster}-user`}`, '  user:', `    token: t-${e.cluster}`);
  lines.push('contexts:');
  for (const e of entries) {
    lines.push(
      `- name: ${e.context}`,
      '  context:',
      `    cluster: ${e.cluster}`,
      `    user: ${e.user ?? `${e.cluster}-user`}`,
    );
    if (e.namespace) lines.push(`    namespace: ${e.namespace}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const first = kubeconfig(
  'first.yaml',
  [
    { context: 'shared', cluster: 'one', server: 'https://one.example:6443', namespace: 'shop' },
    { context: 'only-first', cluster: 'one-b', server: 'https://one-b.example:6443' },
  ],
  'shared',
);
const second = kubeconfig(
  'second.yaml',
  [
    { context: 'shared', cluster: 'two', server: 'https://two.example:6443', namespace: 'other' },
    { context: 'only-second', cluster: 'one', server: 'https://NOT-one.example:6443', user: 'one-user' },
  ],
  'only-second',
);
const noEnv = { env: {}, homeDir: join(dir, 'no-home') };

describe('loadKubeconfig', () => {
  it('--kubeconfig: that file, its current-context and namespace', () => {
    const loaded = loadKubeconfig({ ...noEnv, kubeconfig: first });
    expect(loaded).toMatchObject({
      contextName: 'shared',
      namespace: 'shop',
      server: 'https://one.example:6443',
      source: first,
    });
    expect(loaded.kubeConfig.getCurrentContext()).toBe('shared');
  });

  it('--kubeconfig wins over KUBECONFIG', () => {
    const loaded = loadKubeconfig({ kubeconfig: second, env: { KUBECONFIG: first } });
    expect(loaded.contextName).toBe('only-second');
  });

  it('KUBECONFIG merges like kubectl: the first file to define a name wins, no error on duplicates', () => {
    const env = { KUBECONFIG: [first, second].join(delimiter) };
    const loaded = loadKubeconfig({ ...noEnv, env });
    expect(loaded).toMatchObject({ contextName: 'shared', namespace: 'shop', server: 'https://one.example:6443' });
    expect(loaded.source).toBe(`${first}${delimiter}${second}`);
    // A context only the second file has, pointing at a cluster name the first file defined: the first's cluster.
    const other = loadKubeconfig({ ...noEnv, env, context: 'only-second' });
    expect(other.server).toBe('https://one.example:6443');
    expect(other.kubeConfig.getContexts().map((c) => c.name)).toEqual(['shared', 'only-first', 'only-second']);
    // Reversed order: the second file's definitions win, including current-context.
    const reversed = loadKubeconfig({ ...noEnv, env: { KUBECONFIG: [second, first].join(delimiter) } });
    expect(reversed).toMatchObject({ contextName: 'only-second', server: 'https://NOT-one.example:6443' });
  });

  it('KUBECONFIG skips files that do not exist, and names them when none does', () => {
    const missing = join(dir, 'missing.yaml');
    const loaded = loadKubeconfig({ ...noEnv, env: { KUBECONFIG: [missing, second].join(delimiter) } });
    expect(loaded.source).toBe(second);
    expect(() => loadKubeconfig({ ...noEnv, env: { KUBECONFIG: missing } })).toThrow(
      `none of the KUBECONFIG files exist: ${missing}`,
    );
  });

  it('--context picks a context; -n overrides its namespace; "default" without either', () => {
    const loaded = loadKubeconfig({ ...noEnv, kubeconfig: first, context: 'only-first', namespace: 'x' });
    expect(loaded).toMatchObject({ contextName: 'only-first', namespace: 'x', server: 'https://one-b.example:6443' });
    expect(loadKubeconfig({ ...noEnv, kubeconfig: first, context: 'only-first' }).namespace).toBe('default');
  });

  it('an unknown context names the contexts that exist', () => {
    expect(() => loadKubeconfig({ ...noEnv, kubeconfig: first, context: 'prod' })).toThrow(
      `context "prod" (--context) not found in ${first}; contexts there: shared, only-first`,
    );
  });

  it('a missing --kubeconfig file is named', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadKubeconfig({ ...noEnv, kubeconfig: missing })).toThrow(`kubeconfig ${missing} does not exist`);
  });

  it('bad YAML names the file', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'clusters: [\n  - name: x\n');
    expect(() => loadKubeconfig({ ...noEnv, kubeconfig: bad })).toThrow(`kubeconfig ${bad} is not a valid kubeconfig`);
    const scalar = join(dir, 'scalar.yaml');
    writeFileSync(scalar, 'hello\n');
    expect(() => loadKubeconfig({ ...noEnv, kubeconfig: scalar })).toThrow(
      `kubeconfig ${scalar} is not a valid kubeconfig: expected a mapping with clusters, users and contexts`,
    );
  });

  it('no current-context asks for --context', () => {
    const file = kubeconfig('no-current.yaml', [{ context: 'a', cluster: 'c', server: 'https://c:6443' }]);
    expect(() => loadKubeconfig({ ...noEnv, kubeconfig: file })).toThrow(
      `no current-context in ${file}; contexts there: a`,
    );
  });

  it('~/.kube/config when nothing else is given', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    kubeconfig(join('home', '.kube', 'config'), [{ context: 'h', cluster: 'h', server: 'https://h:6443' }], 'h');
    expect(loadKubeconfig({ env: {}, homeDir: home })).toMatchObject({
      contextName: 'h',
      source: join(home, '.kube', 'config'),
    });
  });

  it('in-cluster: the service account when KUBERNETES_SERVICE_HOST is set and there is no file', () => {
    const root = join(dir, 'pod');
    const sa = join(root, 'var', 'run', 'secrets', 'kubernetes.io', 'serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'token');
    writeFileSync(join(sa, 'namespace'), 'shop\n');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const loaded = loadKubeconfig({ env, homeDir: join(dir, 'no-home'), inClusterPathPrefix: root });
    expect(loaded).toMatchObject({ source: 'in-cluster', namespace: 'shop', server: 'https://10.0.0.1:443' });
    expect(process.env.KUBERNETES_SERVICE_HOST).toBeUndefined();
    expect(() => loadKubeconfig({ env, homeDir: join(dir, 'no-home'), inClusterPathPrefix: join(dir, 'x') })).toThrow(
      'service-account token',
    );
  });

  it('nothing at all: says where it looked', () => {
    expect(() => loadKubeconfig(noEnv)).toThrow('no Kubernetes configuration found');
  });
});
