import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerLogPath } from '../../src/cluster/resources/pod-log.js';
import { eventually, listPods, startTestCluster, type TestCluster } from './support.js';

const merge = { method: 'PATCH', contentType: 'application/merge-patch+json' };

describe('subresources and per-kind admission', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ nodeCount: 1 });
    await cluster.api('/apis/apps/v1/namespaces/default/replicasets', {
      method: 'POST',
      body: {
        metadata: { name: 'solo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'solo' } },
          template: {
            metadata: { labels: { app: 'solo' } },
            spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('scale: GET a Scale, PATCH it, and 409 on a PUT with a stale resourceVersion', async () => {
    const path = '/apis/apps/v1/namespaces/default/replicasets/solo/scale';
    const scale = (await cluster.api(path)).json;
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { selector: 'app=solo' },
    });
    const patched = await cluster.api(path, { ...merge, body: { spec: { replicas: 2 } } });
    expect(patched.json.spec.replicas).toBe(2);
    await eventually(async () => ((await listPods(cluster, 'app=solo')).length === 2 ? true : undefined));
    const stale = await cluster.api(path, { method: 'PUT', body: { ...scale, spec: { replicas: 3 } } });
    expect(stale.json).toMatchObject({ code: 409, reason: 'Conflict' });
    const negative = await cluster.api(path, { ...merge, body: { spec: { replicas: -1 } } });
    expect(negative.status).toBe(422);
  });

  it('log: the output of the container\'s current run, tailLines, previous, and "waiting to start" before it has any', async () => {
    const [pod] = await listPods(cluster, 'app=solo');
    const path = `/api/v1/namespaces/default/pods/${pod.metadata.name}/log`;
    const waiting = await cluster.api(path);
    expect(waiting.json).toMatchObject({
      code: 400,
      message: `container "app" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
    });
    const file = containerLogPath(join(cluster.dir, 'data'), 'default', pod.metadata.name, 'app');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'one\ntwo\nthree\n');
    expect((await cluster.api(path)).text).toBe('one\ntwo\nthree\n');
    expect((await cluster.api(`${path}?tailLines=2`)).text).toBe('two\nthree\n');
    expect((await cluster.api(`${path}?container=nope`)).status).toBe(400);
    // No run before this one: kubectl logs --previous is refused as the kubelet refuses it.
    expect((await cluster.api(`${path}?previous=true`)).json).toMatchObject({
      code: 400,
      message: `previous terminated container "app" in pod "${pod.metadata.name}" not found`,
    });
  });

  it('pods: the spec is immutable but for images, and binding to a node happens once', async () => {
    const [pod] = await listPods(cluster, 'app=solo');
    const path = `/api/v1/namespaces/default/pods/${pod.metadata.name}`;
    const image = await cluster.api(path, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { containers: [{ name: 'app', image: 'example/app:2' }] } },
    });
    expect(image.json.spec.containers[0].image).toBe('example/app:2');
    const forbidden = await cluster.api(path, { ...merge, body: { spec: { restartPolicy: 'Never' } } });
    expect(forbidden.status).toBe(422);
    expect(forbidden.json.details.causes[0].message).toMatch(/^Forbidden: pod updates may not change fields/);
    const rebind = await cluster.api(path, { ...merge, body: { spec: { nodeName: 'elsewhere' } } });
    expect(rebind.json.details.causes.map((cause: { field: string }) => cause.field)).toContain('spec.nodeName');
  });

  it('services: a ClusterIP and a node port in 30000-32767, kept on update; a taken node port is 422', async () => {
    const path = '/api/v1/namespaces/default/services';
    const body = (name: string, nodePort?: number) => ({
      metadata: { name },
      spec: {
        type: 'NodePort',
        selector: { app: name },
        ports: [{ port: 80, targetPort: 8080, ...(nodePort ? { nodePort } : {}) }],
      },
    });
    const first = (await cluster.api(path, { method: 'POST', body: body('first') })).json;
    expect(first.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    const nodePort = first.spec.ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30_000);
    expect(nodePort).toBeLessThanOrEqual(32_767);
    const taken = await cluster.api(path, { method: 'POST', body: body('second', nodePort) });
    expect(taken.status).toBe(422);
    expect(taken.json.details.causes[0]).toMatchObject({
      field: 'spec.ports[0].nodePort',
      message: `Invalid value: ${nodePort}: provided port is already allocated`,
    });
    const outside = await cluster.api(path, { method: 'POST', body: body('third', 8080) });
    expect(outside.json.details.causes[0].message).toContain('provided port is not in the valid range');
    const replaced = await cluster.api(`${path}/first`, {
      method: 'PUT',
      body: { ...body('first'), metadata: { name: 'first' } },
    });
    expect(replaced.json.spec.clusterIP).toBe(first.spec.clusterIP);
    expect(replaced.json.spec.ports[0].nodePort).toBe(nodePort);
  });

  it('eviction: a pod under two budgets is a 500, as the apiserver answers', async () => {
    const [pod] = await listPods(cluster, 'app=solo');
    await cluster.api(`/api/v1/namespaces/default/pods/${pod.metadata.name}/status`, {
      ...merge,
      body: { status: { phase: 'Running' } },
    });
    for (const name of ['one', 'two']) {
      await cluster.api('/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
        method: 'POST',
        body: { metadata: { name }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'solo' } } } },
      });
    }
    const evicted = await cluster.api(`/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction`, {
      method: 'POST',
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name } },
    });
    expect(evicted.json).toMatchObject({
      code: 500,
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
    const mismatch = await cluster.api(`/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction`, {
      method: 'POST',
      body: { metadata: { name: 'other' } },
    });
    expect(mismatch.json).toMatchObject({ code: 400, message: 'name in URL does not match name in Eviction object' });
  });

  it('namespaces: a deleted one goes Terminating, is emptied, then goes; default may not be deleted', async () => {
    await cluster.api('/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'doomed' } } });
    const workload = {
      metadata: { name: 'w' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'w' } },
        template: {
          metadata: { labels: { app: 'w' } },
          spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
        },
      },
    };
    await cluster.api('/apis/apps/v1/namespaces/doomed/deployments', { method: 'POST', body: workload });
    await eventually(async () =>
      (await cluster.api('/api/v1/namespaces/doomed/pods')).json.items.length === 2 ? true : undefined,
    );
    const deleting = await cluster.api('/api/v1/namespaces/doomed', { method: 'DELETE' });
    expect(deleting.status).toBe(200);
    await eventually(async () => ((await cluster.api('/api/v1/namespaces/doomed')).status === 404 ? true : undefined));
    expect((await cluster.api('/apis/apps/v1/namespaces/doomed/replicasets')).json.items).toEqual([]);
    const forbidden = await cluster.api('/api/v1/namespaces/default', { method: 'DELETE' });
    expect(forbidden.json).toMatchObject({
      code: 403,
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });

  it('deletecollection deletes what the selector picks; a body naming another namespace is a 400', async () => {
    const path = '/api/v1/namespaces/default/events';
    for (const name of ['a', 'b']) {
      await cluster.api(path, {
        method: 'POST',
        body: { metadata: { name, labels: { batch: 'x' } }, involvedObject: {}, reason: 'Test' },
      });
    }
    const deleted = await cluster.api(`${path}?labelSelector=batch%3Dx`, { method: 'DELETE' });
    expect(deleted.json.items.map((event: { metadata: { name: string } }) => event.metadata.name)).toEqual(['a', 'b']);
    expect((await cluster.api(`${path}?labelSelector=batch%3Dx`)).json.items).toEqual([]);
    const elsewhere = await cluster.api(path, {
      method: 'POST',
      body: { metadata: { name: 'c', namespace: 'kube-system' } },
    });
    expect(elsewhere.json).toMatchObject({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });
});
