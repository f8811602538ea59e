import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './support.js';

const podsPath = '/api/v1/namespaces/default/pods';
const pod = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox' }] } });

describe('faults injected into the API server, for testing clients', () => {
  let cluster: TestCluster;
  let agent: Agent;
  beforeAll(async () => {
    cluster = await startTestCluster({ injectFaults: true });
    agent = new Agent({ connect: { ca: cluster.caPem } });
  });
  afterAll(async () => {
    await agent.close();
    await cluster.close();
  });

  const faults = () => {
    if (cluster.faults === undefined) throw new Error('injectFaults: true gives the cluster its faults');
    return cluster.faults;
  };

  /** A watch stream, and a promise of everything it sent until it ended or broke. */
  const watch = async (query: string) => {
    const response = await fetch(`${cluster.url}${podsPath}?watch=true&${query}`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${cluster.token}` },
    });
    const reader = response.body?.getReader();
    const received = (async () => {
      let text = '';
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const chunk = await reader?.read();
          if (chunk === undefined || chunk.done) return { text, broken: false };
          text += decoder.decode(chunk.value);
        }
      } catch {
        return { text, broken: true };
      }
    })();
    return { status: response.status, received, cancel: () => reader?.cancel().catch(() => {}) };
  };

  it('is off unless asked for', async () => {
    const plain = await startTestCluster();
    try {
      expect(plain.faults).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('answers the next N matching requests with 429 and Retry-After, then serves again; others pass', async () => {
    faults().failNext({ method: 'GET', path: podsPath, status: 429, count: 2, retryAfterSeconds: 3 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await cluster.api(podsPath);
      expect(refused.status).toBe(429);
      expect(refused.json).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 3 },
      });
      expect((await cluster.api('/api/v1/nodes')).status).toBe(200);
    }
    const raw = await fetch(`${cluster.url}${podsPath}`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${cluster.token}` },
    });
    expect(raw.status).toBe(200);
    await raw.text();
    faults().failNext({ method: 'GET', path: /\/pods\?watch=true/, status: 429, count: 1, retryAfterSeconds: 1 });
    const refusedWatch = await fetch(`${cluster.url}${podsPath}?watch=true`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${cluster.token}` },
    });
    expect(refusedWatch.status).toBe(429);
    expect(refusedWatch.headers.get('retry-after')).toBe('1');
    await refusedWatch.text();
  });

  it('answers a write with 500 InternalError once; the retry is served', async () => {
    faults().failNext({ method: 'POST', path: podsPath, status: 500, count: 1 });
    const failed = await cluster.api(podsPath, { method: 'POST', body: pod('first') });
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect((await cluster.api(`${podsPath}/first`)).status).toBe(404); // nothing was written
    expect((await cluster.api(podsPath, { method: 'POST', body: pod('first') })).status).toBe(201);
  });

  it('drops every open watch connection at once; a new watch is served', async () => {
    const first = await watch('');
    const second = await watch('labelSelector=app%3Dx');
    expect([first.status, second.status]).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(faults().dropWatches()).toBe(2);
    const [one, two] = await Promise.all([first.received, second.received]);
    expect(one.broken && two.broken).toBe(true);
    expect(one.text).toContain('"ADDED"'); // what it had sent before the cut
    const again = await watch('');
    expect(again.status).toBe(200);
    await again.cancel();
  });

  it('compacts history: resuming a watch from an older resourceVersion is 410 Gone; from the current one works', async () => {
    const listed = await cluster.api(podsPath);
    const before = listed.json.metadata.resourceVersion as string;
    expect((await cluster.api(podsPath, { method: 'POST', body: pod('second') })).status).toBe(201);
    const current = faults().compactHistory();
    const stale = await watch(`resourceVersion=${before}`);
    const { text } = await stale.received;
    const error = JSON.parse(text.trim().split('\n')[0] ?? '{}');
    expect(error).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    const fresh = await watch(`resourceVersion=${current}`);
    expect((await cluster.api(podsPath, { method: 'POST', body: pod('third') })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fresh.cancel();
    const { text: events } = await fresh.received;
    expect(events).toContain('"name":"third"');
    expect(events).not.toContain('"name":"second"');
  });
});
