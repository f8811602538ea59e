import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { SampleApp } from '../../../src/platform/local/sample-app.js';
import { closedPort, startTargetServer } from '../../support/target-server.js';
import { countBy, Fixture, send, sendUntil, sleep } from './helpers.js';

// The l7 proxy over real sockets: what passes through, when a removal takes effect, and what clients get when an
// upstream fails. Removal delays are 300 ms. A loaded machine runs the removal's timer late, so requests are judged
// by whether they were sent before or after the removal took effect (its event), never by a fixed time; the delay
// itself is exact from below (a timer never fires early) and generous from above. The routed set's timing on fake
// time is endpoints.test.ts's.
let fx = new Fixture();
afterEach(async () => {
  await fx.close();
  fx = new Fixture();
});

/** Answers with what it received: status 201, the method, path, headers and body echoed as JSON. */
async function startEchoServer(): Promise<{ port: number }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-echo': 'yes', 'x-rollbench-pod': 'echo' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fx.onClose(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port };
}

/**
 * Routes to a and b, removes a (propagation delay 300 ms) while four connections send, and shuts a down as its
 * pod would on SIGTERM (`shutdown`). Returns the replies and when the removal took effect, ms after it was asked.
 */
async function removeUnderLoad(shutdown: (a: SampleApp) => Promise<void>) {
  const { a, b } = await fx.apps('a', 'b');
  const proxy = await fx.proxy({ propagationDelayMs: 300 });
  proxy.addEndpoint('a', a.port);
  proxy.addEndpoint('b', b.port);
  const client = fx.client(proxy.url, 4);
  const removedAtMs = performance.now();
  const load = sendUntil(client, removedAtMs, fx.pastRemoval('a'), 4);
  proxy.removeEndpoint('a');
  await shutdown(a);
  const replies = await load;
  return { replies, tookEffectMs: (fx.removedAtMs('a') ?? 0) - removedAtMs };
}

describe('l7 proxy', () => {
  it('round-robins requests over the endpoints, on one client connection', async () => {
    const { a, b } = await fx.targets('a', 'b');
    const proxy = await fx.proxy({ mode: 'l7', propagationDelayMs: 300 });
    proxy.addEndpoint('a', a.port);
    proxy.addEndpoint('b', b.port);
    const client = fx.client(proxy.url);
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await send(client));
    expect(countBy(replies, (r) => r.pod)).toEqual({ a: 10, b: 10 });
    // Counted where they arrive: each endpoint's ten requests came over one kept-alive upstream connection.
    expect([a.connections, a.received.total, b.connections, b.received.total]).toEqual([1, 10, 1, 10]);
  });

  it('passes method, path, headers, body and status through both ways', async () => {
    const echo = await startEchoServer();
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('echo', echo.port);
    const client = fx.client(proxy.url);
    const payload = 'x'.repeat(1_000_000);
    const res = await client.request({
      path: '/some/path?q=1',
      method: 'POST',
      headers: { 'x-test': 'one', 'content-type': 'text/plain' },
      body: payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-echo']).toBe('yes');
    expect(res.headers['x-rollbench-pod']).toBe('echo');
    const seen = (await res.body.json()) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/some/path?q=1');
    expect(seen.headers['x-test']).toBe('one');
    expect(seen.headers.host).toBe(`127.0.0.1:${proxy.port}`);
    expect(seen.body).toBe(payload);

    // A chunked upload (no content-length) arrives whole too.
    const chunked = await client.request({
      path: '/',
      method: 'PUT',
      body: Readable.from(['part one, ', 'part two']),
    });
    expect(((await chunked.body.json()) as { body: string }).body).toBe('part one, part two');
  });

  it('passes an app status through, with the pod header', async () => {
    const { a } = await fx.apps('a');
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('a', a.port);
    const reply = await send(fx.client(proxy.url), '/?status=503');
    expect(reply).toMatchObject({ outcome: '503', pod: 'a', upstream: undefined });
  });

  it('applies a removal only after the propagation delay', async () => {
    const { a, b } = await fx.apps('a', 'b');
    const proxy = await fx.proxy({ propagationDelayMs: 300 });
    proxy.addEndpoint('a', a.port);
    proxy.addEndpoint('b', b.port);
    const client = fx.client(proxy.url);
    await send(client);

    const removedAtMs = performance.now();
    proxy.removeEndpoint('a');
    expect(proxy.routedEndpoints()).toEqual(['a', 'b']);
    const replies = await sendUntil(client, removedAtMs, fx.pastRemoval('a'));

    const tookEffectMs = (fx.removedAtMs('a') ?? 0) - removedAtMs;
    // Round robin until the removal took effect, so a still got requests; none sent after it.
    expect(replies.filter((r) => r.sentMs < tookEffectMs && r.pod === 'a').length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.sentMs >= tookEffectMs && r.pod !== 'b')).toEqual([]);
    expect(replies.every((r) => r.outcome === '200')).toBe(true);
    expect(proxy.routedEndpoints()).toEqual(['b']);

    expect(fx.events.slice(-2)).toEqual([
      { type: 'endpoint-remove-requested', atMs: expect.any(Number), endpoint: 'a' },
      { type: 'endpoint-removed', atMs: expect.any(Number), endpoint: 'a' },
    ]);
    const [requested, removed] = fx.events.slice(-2).map((e) => e.atMs);
    // Node may run a timer up to 1 ms before performance.now() says it is due (ms rounding), never more.
    expect((removed ?? 0) - (requested ?? 0)).toBeGreaterThanOrEqual(300 - 1);
    expect((removed ?? 0) - (requested ?? 0)).toBeLessThan(300 + 5000);
  });

  it('a pod that exits at once on SIGTERM fails the requests still routed to it with 502', async () => {
    // No preStop: the app exits while the proxy still routes to it.
    const { replies, tookEffectMs } = await removeUnderLoad((a) => a.close());
    const failed = replies.filter((r) => r.outcome !== '200');
    expect(failed.length).toBeGreaterThan(0); // how many: as many as a loaded machine sent in the delay
    for (const reply of failed) {
      expect(reply).toMatchObject({ outcome: '502', upstream: 'a' });
      expect(reply.body).toMatch(/^upstream a failed \((ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)\)\n$/);
      expect(reply.sentMs).toBeLessThan(tookEffectMs);
    }
    const after = replies.filter((r) => r.sentMs >= tookEffectMs);
    expect(after.every((r) => r.outcome === '200' && r.pod === 'b')).toBe(true);
    const upstreamErrors = fx.events.filter((e) => e.type === 'upstream-error');
    expect(upstreamErrors).toHaveLength(failed.length);
    expect(upstreamErrors.every((e) => e.endpoint === 'a' && e.outcome === '502')).toBe(true);
  });

  it('with a preStop sleep longer than the delay, no request fails', async () => {
    // preStop: sleep past the propagation delay (its timer is due first), and past the requests a still had, then exit.
    const { replies, tookEffectMs } = await removeUnderLoad(async (a) => {
      await sleep(1000);
      await a.close();
    });
    expect(countBy(replies, (r) => r.outcome)).toEqual({ '200': replies.length });
    expect(replies.filter((r) => r.pod === 'a').length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.sentMs >= tookEffectMs && r.pod === 'a')).toEqual([]);
  });

  it('answers 503 when no endpoint is routed', async () => {
    const { a } = await fx.apps('a');
    const proxy = await fx.proxy({ propagationDelayMs: 100 });
    const client = fx.client(proxy.url);
    expect(await send(client)).toMatchObject({ outcome: '503', upstream: undefined });
    proxy.addEndpoint('a', a.port);
    expect(await send(client)).toMatchObject({ outcome: '200', pod: 'a' });
    proxy.removeEndpoint('a');
    // Not before the delay (a timer never fires early; Node may round it 1 ms short), however long after.
    expect(await fx.removal('a')).toBeGreaterThanOrEqual(100 - 1);
    expect(await send(client)).toMatchObject({
      outcome: '503',
      body: 'no endpoints: the service has no routed endpoint\n',
    });
  });

  it.each([
    { failure: 'refused', code: 'ECONNREFUSED', status: '502' },
    { failure: 'reset', code: 'ECONNRESET', status: '502' },
    { failure: 'closed without answering', code: 'UND_ERR_SOCKET', status: '502' },
    { failure: 'too slow', code: 'TIMEOUT', status: '504' },
  ])('maps an upstream $failure to $status, naming the upstream', async ({ failure, code, status }) => {
    const proxy = await fx.proxy({ propagationDelayMs: 0, upstreamTimeoutMs: 200 });
    if (failure === 'refused') {
      proxy.addEndpoint('pod-x', await closedPort());
    } else {
      const target = await startTargetServer(
        failure === 'reset' ? { reset: 1 } : failure === 'too slow' ? { hang: 1 } : { drop: 1 },
      );
      fx.onClose(() => target.close());
      proxy.addEndpoint('pod-x', target.port);
    }
    const reply = await send(fx.client(proxy.url));
    expect(reply).toMatchObject({ outcome: status, upstream: 'pod-x' });
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toEqual([
      { type: 'upstream-error', atMs: expect.any(Number), endpoint: 'pod-x', code, outcome: status },
    ]);
  });

  it('cuts the client connection when the upstream fails after the headers were sent', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fx.onClose(() => new Promise((resolve) => server.close(resolve)));
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('half', (server.address() as AddressInfo).port);
    const reply = await send(fx.client(proxy.url));
    expect(reply.outcome).toBe('UND_ERR_SOCKET');
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toMatchObject([
      { endpoint: 'half', code: 'UND_ERR_SOCKET', outcome: 'truncated' },
    ]);
  });
});
