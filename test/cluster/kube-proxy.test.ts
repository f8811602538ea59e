import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, listPods, startTestCluster, type TestCluster } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
type Json = any;

const propagationDelayMs = 600;
/** How much later than the delay a loaded machine may take the pod's deletion to its removal from the proxy, ms. */
const LATENESS_MS = 3000;
/** Answers in a row without a failure that show the removal took effect (round robin over two pods would fail half). */
const CLEAN_ANSWERS = 20;
/** Longest the removal test sends for. */
const WATCH_DEADLINE_MS = 20_000;

/** One GET through the NodePort: the status and the pod that answered (or that the proxy tried). */
async function get(port: number): Promise<{ status: number; pod: string }> {
  const answer = await request(`http://127.0.0.1:${port}/`, { reset: true });
  await answer.body.dump();
  const pod = answer.headers['x-rollbench-pod'] ?? answer.headers['x-rollbench-upstream'] ?? '';
  return { status: answer.statusCode, pod: String(pod) };
}

/** A cluster whose kube-proxy works in `mode`, with a Deployment `web` of 2 sample-app pods behind a NodePort. */
async function startWeb(mode: 'l7' | 'l4'): Promise<{ cluster: TestCluster; nodePort: number }> {
  const cluster = await startTestCluster({
    runPods: true,
    nodeCount: 1,
    proxy: { mode, endpointPropagationDelayMs: propagationDelayMs },
  });
  const container = {
    name: 'app',
    image: 'ghcr.io/rollbench/rollbench:0.1.0',
    args: ['sample-app', '--port', '8080'],
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
  };
  const deployment = await cluster.api('/apis/apps/v1/namespaces/default/deployments', {
    method: 'POST',
    body: {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      },
    },
  });
  expect(deployment.status).toBe(201);
  const service = await cluster.api('/api/v1/namespaces/default/services', {
    method: 'POST',
    body: {
      metadata: { name: 'web' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
  });
  expect(service.status).toBe(201);
  return { cluster, nodePort: service.json.spec.ports[0].nodePort };
}

/**
 * Waits until both pods are ready and six GETs through the NodePort in a row answer 200: the pods' names and those
 * answers. Each test waits for itself, so that it passes alone (`-t`) as in the file's order.
 */
async function whenServing(cluster: TestCluster, nodePort: number): Promise<{ names: string[]; pods: string[] }> {
  const names = await eventually(async () => {
    const pods = await listPods(cluster, 'app=web');
    const ready = pods.filter((pod: Json) => pod.status.containerStatuses?.[0]?.ready);
    return ready.length === 2 ? pods.map((pod: Json) => pod.metadata.name as string) : undefined;
  }, 10_000);
  const answers = await eventually(async () => {
    const seen = await Promise.all(Array.from({ length: 6 }, () => get(nodePort)));
    return seen.every((answer) => answer.status === 200) ? seen : undefined;
  });
  return { names, pods: answers.map((answer) => answer.pod) };
}

describe('the kube-proxy in l7 mode: a NodePort on 127.0.0.1 in front of the ready pods', () => {
  let cluster: TestCluster;
  let nodePort: number;
  beforeAll(async () => {
    ({ cluster, nodePort } = await startWeb('l7'));
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('answers from the pods once they are ready', async () => {
    const { names, pods } = await whenServing(cluster, nodePort);
    expect(new Set(pods)).toEqual(new Set(names));
  });

  it('keeps routing to a deleted pod for the propagation delay, then no longer', async () => {
    const [victim] = (await whenServing(cluster, nodePort)).names;
    const deletedAtMs = performance.now();
    await cluster.api(`/api/v1/namespaces/default/pods/${victim}`, { method: 'DELETE' });
    // Until the removal has certainly taken effect: failures seen, then a run of answers none of which failed (while
    // the dead pod is routed, every other request goes to it). Not a fixed time: a loaded machine runs the kubelet's
    // SIGTERM, the endpoints controller, the watch and the delay's timer late.
    const answers: { atMs: number; status: number; pod: string }[] = [];
    const failures = () => answers.filter((answer) => answer.status !== 200);
    const cleanSinceLastFailure = () => answers.length - 1 - answers.findLastIndex((answer) => answer.status !== 200);
    while (failures().length === 0 || cleanSinceLastFailure() < CLEAN_ANSWERS) {
      if (performance.now() - deletedAtMs > WATCH_DEADLINE_MS) break;
      answers.push({ ...(await get(nodePort)), atMs: performance.now() - deletedAtMs });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The sample app exits at once on SIGTERM, while the proxy still routes to it: 502s naming it.
    expect(failures().length).toBeGreaterThan(0);
    expect(new Set(failures().map((failure) => failure.pod))).toEqual(new Set([victim]));
    // Then no longer: the removal came within the delay and a loaded machine's lateness, and nothing failed after.
    expect(cleanSinceLastFailure()).toBeGreaterThanOrEqual(CLEAN_ANSWERS);
    expect(Math.max(...failures().map((failure) => failure.atMs))).toBeLessThan(propagationDelayMs + LATENESS_MS);
  });
});

describe('the kube-proxy in l4 mode', () => {
  it('pins each connection to a ready pod', async () => {
    const { cluster, nodePort } = await startWeb('l4');
    try {
      const answer = await eventually(async () => {
        const pods = await listPods(cluster, 'app=web');
        if (pods.filter((pod: Json) => pod.status.containerStatuses?.[0]?.ready).length < 2) return undefined;
        return get(nodePort).catch(() => undefined);
      }, 10_000);
      expect(answer.status).toBe(200);
      expect((await listPods(cluster, 'app=web')).map((pod: Json) => pod.metadata.name)).toContain(answer.pod);
    } finally {
      await cluster.close();
    }
  });
});
