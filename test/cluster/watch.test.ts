import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './support.js';

interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    code?: number;
    reason?: string;
    metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  };
}

/** Opens a watch and collects its events until `count` arrived or the server ended the stream. */
async function watch(cluster: TestCluster, path: string, count: number, whileOpen?: () => Promise<void>) {
  const dispatcher = new Agent({ connect: { ca: cluster.caPem } });
  const controller = new AbortController();
  const response = await fetch(`${cluster.url}${path}`, {
    dispatcher,
    signal: controller.signal,
    headers: { authorization: `Bearer ${cluster.token}` },
  });
  const events: WatchEvent[] = [];
  const reading = (async () => {
    let buffered = '';
    try {
      for await (const chunk of response.body ?? []) {
        buffered += Buffer.from(chunk).toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          events.push(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
        }
        if (events.length >= count) break;
      }
    } catch {
      // aborted by the deadline below
    }
  })();
  await whileOpen?.();
  const deadline = setTimeout(() => controller.abort(), 5000);
  await reading;
  clearTimeout(deadline);
  controller.abort();
  await dispatcher.close();
  return { status: response.status, events };
}

/** Services in a namespace of their own: no controller writes them, so every event is the test's. */
const service = (name: string, labels: Record<string, string> = {}) => ({
  metadata: { name, labels },
  spec: { ports: [{ port: 80 }] },
});
const services = '/api/v1/namespaces/watched/services';

describe('watch', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ watchHistory: 20, bookmarkIntervalMs: 100 });
    await cluster.api('/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'watched' } } });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('replays existing objects as ADDED, then streams MODIFIED and DELETED as chunked JSON lines', async () => {
    await cluster.api(services, { method: 'POST', body: service('first') });
    const { status, events } = await watch(cluster, `${services}?watch=true`, 4, async () => {
      await cluster.api(services, { method: 'POST', body: service('second') });
      await cluster.api(`${services}/second`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { x: 'y' } } },
      });
      await cluster.api(`${services}/second`, { method: 'DELETE' });
    });
    expect(status).toBe(200);
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
      'ADDED first',
      'ADDED second',
      'MODIFIED second',
      'DELETED second',
    ]);
  });

  it('resumes after a resourceVersion, and turns leaving a label selection into DELETED', async () => {
    const list = (await cluster.api(services)).json;
    const from = list.metadata.resourceVersion;
    const { events } = await watch(
      cluster,
      `${services}?watch=1&labelSelector=team%3Da&resourceVersion=${from}`,
      3,
      async () => {
        await cluster.api(services, { method: 'POST', body: service('third', { team: 'a' }) });
        await cluster.api(services, { method: 'POST', body: service('other', { team: 'b' }) });
        await cluster.api(`${services}/third`, {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { team: 'c' } } },
        });
        await cluster.api(`${services}/other`, {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { team: 'a' } } },
        });
      },
    );
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
      'ADDED third',
      'DELETED third',
      'ADDED other',
    ]);
    // Resuming from the same version again replays the same history, without the ADDED of existing objects.
    const again = await watch(cluster, `${services}?watch=true&labelSelector=team%3Da&resourceVersion=${from}`, 3);
    expect(again.events.map((event) => event.type)).toEqual(['ADDED', 'DELETED', 'ADDED']);
  });

  it('answers a version older than the kept history with an ERROR event carrying 410 Expired', async () => {
    for (let index = 0; index < 25; index++) {
      await cluster.api(`${services}/first`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { n: String(index) } } },
      });
    }
    const { status, events } = await watch(cluster, `${services}?watch=true&resourceVersion=1`, 1);
    expect(status).toBe(200);
    expect(events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ]);
    expect((events[0]?.object as { message?: string } | undefined)?.message).toMatch(
      /^too old resource version: 1 \(\d+\)$/,
    );
  });

  it('sends BOOKMARKs when allowed and ends the stream after timeoutSeconds', async () => {
    const current = (await cluster.api(services)).json.metadata.resourceVersion;
    const started = Date.now();
    const { events } = await watch(
      cluster,
      `${services}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${current}`,
      1000,
    );
    const elapsedMs = Date.now() - started;
    // timeoutSeconds=1: never much before, and after by however long a loaded machine takes.
    expect(elapsedMs).toBeGreaterThanOrEqual(1000 - 100);
    expect(elapsedMs).toBeLessThan(1000 + 5000);
    const bookmarks = events.filter((event) => event.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(5);
    expect(bookmarks[0]?.object).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { resourceVersion: current },
    });
  });
});
