import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './support.js';

const deployment = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name, tier: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
  },
});

describe('API machinery over HTTPS', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('listens on 127.0.0.1 only and answers 401 with a Status without the token', async () => {
    expect(cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const denied = await cluster.api('/api/v1/pods', { token: null });
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    expect((await cluster.api('/api/v1/pods', { token: 'wrong' })).status).toBe(401);
    expect((await cluster.api('/healthz', { token: null })).text).toBe('ok');
    expect((await cluster.api('/readyz', { token: null })).status).toBe(200);
    expect((await cluster.api('/version', { token: null })).json).toMatchObject({ major: '1', minor: '32' });
  });

  it('serves discovery: core versions, groups, resource lists with subresources', async () => {
    expect((await cluster.api('/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await cluster.api('/apis')).json.groups.map((group: { name: string }) => group.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'policy', 'discovery.k8s.io', 'authorization.k8s.io']));
    const core = (await cluster.api('/api/v1')).json.resources.map((resource: { name: string }) => resource.name);
    expect(core).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/log',
        'pods/eviction',
        'pods/status',
        'nodes',
        'services',
        'events',
        'namespaces',
      ]),
    );
    const apps = (await cluster.api('/apis/apps/v1')).json.resources;
    expect(apps).toContainEqual(
      expect.objectContaining({ name: 'deployments/scale', group: 'autoscaling', kind: 'Scale' }),
    );
    expect((await cluster.api('/apis/nope/v1')).status).toBe(404);
    const openapi = (await cluster.api('/openapi/v3')).json;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1']));
  });

  it('starts with the default and kube-system namespaces and its nodes', async () => {
    const names = (await cluster.api('/api/v1/namespaces')).json.items.map(
      (ns: { metadata: { name: string } }) => ns.metadata.name,
    );
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system']));
    const nodes = (await cluster.api('/api/v1/nodes')).json.items;
    expect(nodes.map((node: { metadata: { name: string } }) => node.metadata.name)).toEqual([
      'node-1',
      'node-2',
      'node-3',
    ]);
    expect(nodes[0].status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
  });

  it('creates with uid, resourceVersion, creationTimestamp, generation; refuses duplicates, unknown names and bad objects', async () => {
    const created = await cluster.api('/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: deployment('web'),
    });
    expect(created.status).toBe(201);
    const { metadata, spec } = created.json;
    expect(metadata).toMatchObject({ name: 'web', namespace: 'default', generation: 1 });
    expect(metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(metadata.resourceVersion)).toBeGreaterThan(0);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });

    const again = await cluster.api('/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: deployment('web'),
    });
    expect(again.json).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });
    const missing = await cluster.api('/apis/apps/v1/namespaces/default/deployments/nope');
    expect(missing.json).toMatchObject({ code: 404, reason: 'NotFound', message: 'deployments.apps "nope" not found' });
    const noNamespace = await cluster.api('/apis/apps/v1/namespaces/nowhere/deployments', {
      method: 'POST',
      body: deployment('x'),
    });
    expect(noNamespace.json).toMatchObject({ code: 404, message: 'namespaces "nowhere" not found' });

    const bad = deployment('Bad_Name');
    bad.spec.template.metadata.labels = { app: 'other' };
    const invalid = await cluster.api('/apis/apps/v1/namespaces/default/deployments', { method: 'POST', body: bad });
    expect(invalid.status).toBe(422);
    expect(invalid.json.reason).toBe('Invalid');
    expect(invalid.json.details.causes.map((cause: { field: string }) => cause.field)).toEqual([
      'metadata.name',
      'spec.template.metadata.labels',
    ]);
    expect((await cluster.api('/api/v1/pods', { method: 'POST', body: {} })).status).toBe(405);
    expect((await cluster.api('/api/v1/nodes/node-1/status', { method: 'DELETE' })).status).toBe(405);
  });

  it('updates with optimistic concurrency and bumps generation only on spec changes', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/web';
    const current = (await cluster.api(path)).json;
    const relabelled = { ...current, metadata: { ...current.metadata, labels: { app: 'web', extra: 'yes' } } };
    const updated = (await cluster.api(path, { method: 'PUT', body: relabelled })).json;
    expect(updated.metadata.generation).toBe(1);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(current.metadata.resourceVersion));
    const stale = await cluster.api(path, {
      method: 'PUT',
      body: { ...current, spec: { ...current.spec, replicas: 5 } },
    });
    expect(stale.json).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(stale.json.message).toContain('the object has been modified');
    const scaled = (
      await cluster.api(path, { method: 'PUT', body: { ...updated, spec: { ...updated.spec, replicas: 5 } } })
    ).json;
    expect(scaled.metadata.generation).toBe(2);
    // The Deployment controller now writes the status too: patches, which the server retries on a conflict.
    const merge = { method: 'PATCH', contentType: 'application/merge-patch+json' };
    const statusIgnored = (await cluster.api(path, { ...merge, body: { status: { observedGeneration: 42 } } })).json;
    expect(statusIgnored.status.observedGeneration).not.toBe(42);
    const statusWritten = (
      await cluster.api(`${path}/status`, { ...merge, body: { status: { observedGeneration: 42 } } })
    ).json;
    expect(statusWritten).toMatchObject({ status: { observedGeneration: 42 }, metadata: { generation: 2 } });
  });

  it('patches: merge, strategic (containers by name, $patch delete), JSON patch, and a pinned stale version', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/web';
    const merge = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { a: '1' } }, spec: { replicas: 3 } },
    });
    expect(merge.json).toMatchObject({ metadata: { annotations: { a: '1' } }, spec: { replicas: 3 } });
    const strategic = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T20:00:00Z' } },
            spec: {
              $setElementOrder: undefined,
              containers: [
                { name: 'app', image: 'example/app:2', env: [{ name: 'A', value: '1' }] },
                { name: 'sidecar', image: 'example/side:1' },
              ],
            },
          },
        },
      },
    });
    const containers = strategic.json.spec.template.spec.containers;
    expect(containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      'app=example/app:2',
      'sidecar=example/side:1',
    ]);
    expect(containers[0].imagePullPolicy).toBe('IfNotPresent');
    const removed = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    });
    expect(removed.json.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app']);
    const json = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: [
        { op: 'replace', path: '/spec/replicas', value: 1 },
        { op: 'add', path: '/metadata/annotations/b~1c', value: '2' },
      ],
    });
    expect(json.json).toMatchObject({ spec: { replicas: 1 }, metadata: { annotations: { a: '1', 'b/c': '2' } } });
    const notArray = await cluster.api(path, { method: 'PATCH', contentType: 'application/json-patch+json', body: {} });
    expect(notArray.status).toBe(400);
    const pinned = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { resourceVersion: '1' }, spec: { replicas: 2 } },
    });
    expect(pinned.json).toMatchObject({ code: 409, reason: 'Conflict' });
    const unsupported = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: {},
    });
    expect(unsupported.status).toBe(415);
  });

  it('lists with label and field selectors', async () => {
    for (const name of ['api', 'worker']) {
      await cluster.api('/apis/apps/v1/namespaces/default/deployments', { method: 'POST', body: deployment(name) });
    }
    const list = async (query: string) =>
      (await cluster.api(`/apis/apps/v1/namespaces/default/deployments?${query}`)).json.items.map(
        (d: { metadata: { name: string } }) => d.metadata.name,
      );
    expect(await list('labelSelector=app%3Dapi')).toEqual(['api']);
    expect(await list('labelSelector=app+in+(api,worker)')).toEqual(['api', 'worker']);
    expect(await list('labelSelector=app!%3Dapi,tier')).toEqual(['worker']);
    expect(await list('labelSelector=!extra')).toEqual(['api', 'worker']);
    expect(await list('fieldSelector=metadata.name%3Dworker')).toEqual(['worker']);
    expect(await list('fieldSelector=metadata.name!%3Dworker')).toEqual(['api', 'web']);
    const unsupported = await cluster.api('/apis/apps/v1/deployments?fieldSelector=spec.paused%3Dtrue');
    expect(unsupported.json).toMatchObject({ code: 400, message: 'field label not supported: spec.paused' });
    const nodes = await cluster.api('/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1,status.phase%3DRunning');
    expect(nodes.json).toMatchObject({ kind: 'PodList', items: [] });
  });

  it('serves a Table for kubectl, with wide columns marked priority 1', async () => {
    const table = await cluster.api('/api/v1/nodes', {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    expect(table.json.kind).toBe('Table');
    const columns = table.json.columnDefinitions.map(
      (column: { name: string; priority: number }) => `${column.name}:${column.priority}`,
    );
    expect(columns.slice(0, 6)).toEqual(['Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1']);
    expect(table.json.rows[0].cells.slice(0, 3)).toEqual(['node-1', 'Ready', 'worker']);
    expect(table.json.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'node-1' } });
  });

  it('answers a SelfSubjectAccessReview without storing it', async () => {
    const review = await cluster.api('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      body: {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: { resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'eviction' } },
      },
    });
    expect(review.status).toBe(201);
    expect(review.json).toMatchObject({ spec: { resourceAttributes: { verb: 'create' } }, status: { allowed: true } });
  });
});
