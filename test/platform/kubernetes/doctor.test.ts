import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubeconfigText } from '../../../src/cluster/kubeconfig.js';
import { doctorExitCode, runDoctor } from '../../../src/platform/kubernetes/doctor.js';
import { formatDoctorReport } from '../../../src/platform/kubernetes/doctor-format.js';
import { sampleAppManifest, startTestCluster, type TestCluster } from '../../cluster/support.js';
import { rollbench } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dir.js';

const PATHS: Record<string, string> = {
  Deployment: '/apis/apps/v1/namespaces/default/deployments',
  Service: '/api/v1/namespaces/default/services',
  PodDisruptionBudget: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
};

/** No KUBECONFIG, no ~/.kube/config: only what the test passes counts. */
const isolated = { env: {}, homeDir: '/nonexistent' };

/** A kubeconfig pointing at plain HTTP on loopback (client-node needs insecure-skip-tls-verify for http://). */
function httpKubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: fake',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: someone',
    '  user:',
    '    token: t',
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: someone',
    '',
  ].join('\n');
}

describe('rollbench doctor against the embedded cluster', () => {
  const dir = tempDir('rollbench-doctor-');
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    for (const doc of parseAllDocuments(readFileSync(sampleAppManifest, 'utf8'))) {
      const object = doc.toJS();
      const created = await cluster.api(PATHS[object.kind] ?? '', { method: 'POST', body: object });
      if (created.status !== 201) throw new Error(`creating ${object.kind}: ${created.text}`);
    }
  }, 30_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('reports the version, every permission, metrics served, and the sample app’s settings', async () => {
    const report = await runDoctor({ ...isolated, kubeconfig: cluster.kubeconfig, deployment: 'sample-app' });
    expect(report.version).toMatch(/^v1\.\d+/);
    expect(report.server).toBe(cluster.url);
    expect(report.access.length).toBeGreaterThan(15);
    expect(report.access.every((a) => a.allowed)).toBe(true);
    expect(report.access.map((a) => `${a.verb} ${a.resource}`)).toEqual(
      expect.arrayContaining(['create pods/eviction', 'patch deployments/scale', 'patch nodes', 'delete pods']),
    );
    // The embedded cluster serves metrics.k8s.io from /proc (i10-cluster): nothing to warn about.
    expect(report.metrics?.served).toBe(true);
    expect(report.findings.filter((finding) => finding.message.includes('metrics.k8s.io'))).toEqual([]);
    expect(report.target).toMatchObject({
      namespace: 'default',
      deployment: 'sample-app',
      replicas: 3,
      strategy: 'RollingUpdate maxSurge 1, maxUnavailable 0',
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: 'app',
          readinessProbe: 'httpGet /healthz:http every 1s, unready after 1 failure',
          requests: {},
          limits: {},
        },
      ],
    });
    expect(report.target?.containers[0]?.preStop).toBeUndefined();
    expect(report.target?.disruptionBudgets).toEqual([expect.stringMatching(/^sample-app \(minAvailable 2/)]);
    expect(report.target?.service).toMatch(/^sample-app: NodePort 80→http \(nodePort \d+\)$/);
    expect(doctorExitCode(report)).toBe(0);
    const text = formatDoctorReport(report);
    expect(text).toContain('PDB          sample-app (minAvailable 2');
    expect(text).toMatch(/ {2}create +pods\/eviction +cluster +drain +yes/);
  });

  it('only the permissions the scenario’s actions need', async () => {
    const report = await runDoctor({ ...isolated, kubeconfig: cluster.kubeconfig, actions: ['rollout'] });
    const resources = report.access.map((a) => `${a.verb} ${a.resource}`);
    expect(resources).toContain('patch deployments');
    expect(resources).not.toContain('create pods/eviction');
    expect(report.target).toBeUndefined();
  });

  it('a missing Deployment: exit 5 and how to create it', async () => {
    const report = await runDoctor({ ...isolated, kubeconfig: cluster.kubeconfig, deployment: 'nope', namespace: 'x' });
    expect(doctorExitCode(report)).toBe(5);
    expect(report.findings).toContainEqual({
      severity: 'error',
      message: 'deployment x/nope not found',
      hint: expect.stringContaining('kubectl apply -f deploy/sample-app.yaml'),
    });
  });

  it('a refused token: exit 5, naming the user and what to refresh', async () => {
    const file = join(dir.path, 'bad-token');
    await writeFile(file, kubeconfigText({ server: cluster.url, token: 'wrong', name: 'test', caPem: cluster.caPem }));
    const report = await runDoctor({ ...isolated, kubeconfig: file });
    expect(doctorExitCode(report)).toBe(5);
    expect(report.findings[0]?.message).toBe(
      `the API server at ${cluster.url} refused the credentials of user "test-admin" (401 Unauthorized)`,
    );
    expect(report.findings[0]?.hint).toContain('refresh the credentials');
  });

  it('the CLI: a scenario’s actions, the table on stdout, no metrics warning, exit 0', async () => {
    const scenario = new URL('../../../scenarios/local-drain.yaml', import.meta.url).pathname;
    const ran = await rollbench(['doctor', scenario, '--kubeconfig', cluster.kubeconfig, '--deployment', 'sample-app']);
    expect(ran.stderr).not.toContain('metrics.k8s.io is not served');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/ {2}patch +nodes +cluster +drain +yes/);
    expect(ran.stdout).not.toMatch(/deployments\/scale/);
    expect(ran.stdout).toContain('deployment   default/sample-app: 3 replicas');
  }, 60_000);
});

describe('rollbench doctor when the cluster is not there or says no', () => {
  const dir = tempDir('rollbench-doctor-fake-');
  let fake: Server;
  let fakeUrl = '';
  const denied = new Set(['patch deployments', 'create pods/eviction']);

  beforeAll(async () => {
    // An API server that knows one user who may read but not patch deployments or evict pods.
    fake = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        if (request.url === '/version')
          return response.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
        if (request.url === '/apis') return response.end(JSON.stringify({ kind: 'APIGroupList', groups: [] }));
        if (request.url?.startsWith('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')) {
          const review = JSON.parse(body);
          const { verb, resource, subresource } = review.spec.resourceAttributes;
          const allowed = !denied.has(`${verb} ${resource}${subresource ? `/${subresource}` : ''}`);
          return response.end(JSON.stringify({ ...review, status: { allowed } }));
        }
        response.statusCode = 404;
        response.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }));
      });
    });
    await new Promise<void>((listening) => fake.listen(0, '127.0.0.1', listening));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((closed) => fake.close(closed));
  });

  it('forbidden: exit 5 naming each missing permission and deploy/rbac.yaml', async () => {
    const file = join(dir.path, 'kubeconfig');
    await writeFile(file, httpKubeconfig(fakeUrl));
    const ran = await rollbench(['doctor', '--kubeconfig', file, '-n', 'shop']);
    expect(ran.code).toBe(5);
    expect(ran.stdout).toMatch(/ {2}patch +deployments\.apps +shop +rollout +NO/);
    expect(ran.stderr).toContain(
      'rollbench: forbidden in namespace shop: patch deployments.apps (rollout), create pods/eviction (drain)\n' +
        'hint: grant them: kubectl apply -f deploy/rbac.yaml',
    );
  }, 60_000);

  it('unreachable (a closed port on 127.0.0.1): exit 5 and the hint', async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const file = join(dir.path, 'closed');
    await writeFile(file, httpKubeconfig(`http://127.0.0.1:${port}`));
    const ran = await rollbench(['doctor', '--kubeconfig', file]);
    expect(ran.code).toBe(5);
    expect(ran.stdout).toContain(`API server   http://127.0.0.1:${port} (no answer)`);
    expect(ran.stderr).toContain(`rollbench: cannot reach the API server at http://127.0.0.1:${port}:`);
    expect(ran.stderr).toContain('ECONNREFUSED');
    expect(ran.stderr).toContain('hint: check that the cluster is running');
  }, 60_000);
});
