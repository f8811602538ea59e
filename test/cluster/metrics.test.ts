import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
type Json = any;

const metricsPath = '/apis/metrics.k8s.io/v1beta1';
const podsPath = '/api/v1/namespaces/default/pods';

/** A sample-app pod burning `cpu` of CPU per request. */
const samplePod = (name: string, cpu: string) => ({
  metadata: { name, labels: { app: name, tier: 'metrics-test' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'ghcr.io/rollbench/rollbench:0.1.0',
        args: ['sample-app', '--port', '8080', '--cpu', cpu],
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
      },
    ],
  },
});

/** One GET at a time on loopback, for at most `durationMs` and `maxRequests`: a short, bounded load. */
async function bounded(port: number, durationMs: number, maxRequests: number): Promise<number> {
  const deadline = Date.now() + durationMs;
  let sent = 0;
  while (Date.now() < deadline && sent < maxRequests) {
    sent++;
    await new Promise<void>((done) => {
      const sending = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (answer) => {
        answer.resume();
        answer.on('end', done);
      });
      sending.on('error', () => done());
      sending.on('timeout', () => sending.destroy());
      sending.end();
    });
  }
  return sent;
}

/** CPU quantities as metrics-server writes them, in nanocores. */
function nanocores(quantity: string): number {
  const match = /^(\d+)([num]?)$/.exec(quantity);
  if (match === null) throw new Error(`not a CPU quantity as metrics-server writes it: ${quantity}`);
  return Number(match[1]) * ({ n: 1, u: 1e3, m: 1e6, '': 1e9 }[match[2] ?? ''] ?? Number.NaN);
}

describe('metrics.k8s.io/v1beta1 from /proc', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: true, nodeCount: 2, metrics: { intervalMs: 250, windowMs: 4000 } });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('is in discovery: /apis lists the group, its version lists pods and nodes (get, list)', async () => {
    const groups = (await cluster.api('/apis')).json.groups;
    expect(groups.find((group: Json) => group.name === 'metrics.k8s.io')).toEqual({
      name: 'metrics.k8s.io',
      versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
      preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
    });
    const resources = (await cluster.api(metricsPath)).json.resources;
    expect(resources.map((r: Json) => [r.name, r.kind, r.namespaced, r.verbs.join(',')])).toEqual([
      ['pods', 'PodMetrics', true, 'get,list'],
      ['nodes', 'NodeMetrics', false, 'get,list'],
    ]);
  });

  it('a busy pod shows more CPU than an idle one; both show memory; list, get, selectors, node sums', async () => {
    for (const pod of [samplePod('busy', '20ms'), samplePod('idle', '0ms')]) {
      expect((await cluster.api(podsPath, { method: 'POST', body: pod })).status).toBe(201);
    }
    const busyPort = await eventually(async () => {
      const pods = (await cluster.api(podsPath)).json.items;
      const ready = pods.filter((pod: Json) =>
        pod.status.conditions?.some((c: Json) => c.type === 'Ready' && c.status === 'True'),
      );
      const busy = ready.find((pod: Json) => pod.metadata.name === 'busy');
      return ready.length === 2 ? JSON.parse(busy.metadata.annotations['rollbench.dev/host-ports'])['8080'] : undefined;
    }, 20_000);
    const sent = await bounded(busyPort, 3000, 500);
    expect(sent).toBeGreaterThan(10);

    const list = (await cluster.api(`${metricsPath}/namespaces/default/pods`)).json;
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    const byName = new Map<string, Json>(list.items.map((item: Json) => [item.metadata.name, item]));
    const busy = byName.get('busy');
    const idle = byName.get('idle');
    for (const item of [busy, idle]) {
      expect(item).toMatchObject({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1' });
      expect(item.metadata).toMatchObject({ namespace: 'default', labels: { tier: 'metrics-test' } });
      expect(item.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(item.window).toMatch(/^\d+(\.\d+)?s$/);
      expect(item.containers).toHaveLength(1);
      expect(item.containers[0].name).toBe('app');
      expect(item.containers[0].usage.cpu).toMatch(/^(\d+[num]?)$/);
      expect(item.containers[0].usage.memory).toMatch(/^\d+(Ki|Mi)$/);
    }
    const busyCpu = nanocores(busy.containers[0].usage.cpu);
    const idleCpu = nanocores(idle.containers[0].usage.cpu);
    // 20 ms of CPU per request, one request after another for 3 s, rated over a window of at most 4 s.
    expect(busyCpu).toBeGreaterThan(50e6);
    expect(busyCpu).toBeGreaterThan(3 * idleCpu);

    const selected = (await cluster.api(`${metricsPath}/namespaces/default/pods?labelSelector=app%3Dbusy`)).json;
    expect(selected.items.map((item: Json) => item.metadata.name)).toEqual(['busy']);
    const everywhere = (await cluster.api(`${metricsPath}/pods?labelSelector=tier%3Dmetrics-test`)).json;
    expect(everywhere.items.map((item: Json) => item.metadata.name).sort()).toEqual(['busy', 'idle']);
    expect((await cluster.api(`${metricsPath}/namespaces/kube-system/pods`)).json.items).toEqual([]);

    const one = await cluster.api(`${metricsPath}/namespaces/default/pods/idle`);
    expect(one.status).toBe(200);
    expect(one.json.metadata.name).toBe('idle');
    const missing = await cluster.api(`${metricsPath}/namespaces/default/pods/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', reason: 'NotFound' });

    const nodes = (await cluster.api(`${metricsPath}/nodes`)).json;
    expect(nodes.kind).toBe('NodeMetricsList');
    expect(nodes.items.map((item: Json) => item.metadata.name).sort()).toEqual(['node-1', 'node-2']);
    const nodeOfBusy = (await cluster.api(`${podsPath}/busy`)).json.spec.nodeName;
    const node = (await cluster.api(`${metricsPath}/nodes/${nodeOfBusy}`)).json;
    expect(node).toMatchObject({ kind: 'NodeMetrics', metadata: { name: nodeOfBusy } });
    expect(nanocores(node.usage.cpu)).toBeGreaterThanOrEqual(busyCpu);
    expect(node.usage.memory).toMatch(/^\d+(Ki|Mi)$/);
  }, 40_000);

  it('answers get and list only: a write or a watch is 405', async () => {
    const posted = await cluster.api(`${metricsPath}/namespaces/default/pods`, {
      method: 'POST',
      body: { metadata: { name: 'x' } },
    });
    expect(posted.status).toBe(405);
    expect((await cluster.api(`${metricsPath}/nodes?watch=true`)).status).toBe(405);
  });
});
