import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyMode } from '../../../src/cluster/proxy/index.js';
import { startTargetServer } from '../../support/target-server.js';
import { until } from '../../support/until.js';
import { Fixture, send, sendUntil } from './helpers.js';

// The l4 proxy over real sockets: connections are pinned when they connect, so a removal only moves new
// connections; and upstream failures reach the client as TCP resets or closes, never as HTTP statuses.
let fx = new Fixture();
afterEach(async () => {
  await fx.close();
  fx = new Fixture();
});

describe('l4 proxy', () => {
  it('pins each connection to one endpoint, round-robin over connections', async () => {
    const { a, b } = await fx.targets('a', 'b');
    const proxy = await fx.proxy({ mode: 'l4', propagationDelayMs: 300 });
    proxy.addEndpoint('a', a.port);
    proxy.addEndpoint('b', b.port);
    const first = fx.client(proxy.url);
    const second = fx.client(proxy.url);
    const pods = [];
    for (let i = 0; i < 3; i++) pods.push((await send(first)).pod, (await send(second)).pod);
    expect(pods).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    // Counted where they arrive: one upstream connection per client connection, carrying its three requests.
    expect([a.connections, a.received.total, b.connections, b.received.total]).toEqual([1, 3, 1, 3]);
  });

  // The same setup in both modes: one keep-alive client, its pod removed, the app left running.
  it.each<{ mode: ProxyMode; sameClientAfterDelay: 'removed pod' | 'other pod' }>([
    { mode: 'l4', sameClientAfterDelay: 'removed pod' },
    { mode: 'l7', sameClientAfterDelay: 'other pod' },
  ])(
    '$mode: after the delay, a keep-alive client reaches the $sameClientAfterDelay',
    async ({ mode, sameClientAfterDelay }) => {
      const { a, b } = await fx.apps('a', 'b');
      const proxy = await fx.proxy({ mode, propagationDelayMs: 200 });
      proxy.addEndpoint('a', a.port);
      proxy.addEndpoint('b', b.port);
      const keepAlive = fx.client(proxy.url);
      const removed = (await send(keepAlive)).pod === 'a' ? 'a' : 'b';
      const other = removed === 'a' ? 'b' : 'a';

      proxy.removeEndpoint(removed);
      expect(proxy.routedEndpoints()).toEqual(['a', 'b']);
      // Not before the delay (a timer never fires early; Node may round it 1 ms short), however long after.
      expect(await fx.removal(removed)).toBeGreaterThanOrEqual(200 - 1);
      expect(proxy.routedEndpoints()).toEqual([other]);
      const sameClient = [];
      for (let i = 0; i < 4; i++) sameClient.push((await send(keepAlive)).pod);
      const newClients = [];
      for (let i = 0; i < 4; i++) newClients.push((await send(fx.client(proxy.url))).pod);

      const expected = sameClientAfterDelay === 'removed pod' ? removed : other;
      expect(sameClient).toEqual([expected, expected, expected, expected]);
      expect(newClients).toEqual([other, other, other, other]);
    },
  );

  it('an app closing mid-request ends the client connection without an answer (FIN, not RST)', async () => {
    // An app that holds every request, so that it closes with the request read and unanswered, not before it came.
    const app = await startTargetServer({ hang: 1 });
    fx.onClose(() => app.close());
    const proxy = await fx.proxy({ mode: 'l4', propagationDelayMs: 300 });
    proxy.addEndpoint('a', app.port);
    const client = fx.client(proxy.url);
    const inFlight = send(client);
    await until(() => app.received.hung === 1);
    await app.close();
    // The app closes with a FIN, passed on as a FIN: undici's "other side closed".
    expect((await inFlight).outcome).toBe('UND_ERR_SOCKET');
    // A clean close is not an upstream error.
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toEqual([]);
  });

  it('resets new connections to a dead endpoint still routed, and when nothing is routed', async () => {
    const { a } = await fx.apps('a');
    const proxy = await fx.proxy({ mode: 'l4', propagationDelayMs: 300 });
    proxy.addEndpoint('a', a.port);
    const client = fx.client(proxy.url);
    expect((await send(client)).pod).toBe('a');

    const removedAtMs = performance.now();
    proxy.removeEndpoint('a');
    await a.close(); // exits at once: no preStop
    const replies = await sendUntil(client, removedAtMs, fx.pastRemoval('a'));

    // The first request may still go out on the kept-alive connection that the app's exit just ended (FIN passed
    // on): "other side closed". Every new connection after it is reset: while the dead endpoint is still routed
    // because its upstream connect is refused, and once nothing is routed because there is nowhere to go. The client
    // never sees ECONNREFUSED: the proxy has already accepted (see the proxy's TSDoc).
    const [first, ...rest] = replies;
    expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(first?.outcome);
    expect(new Set(rest.map((r) => r.outcome))).toEqual(new Set(['ECONNRESET']));
    // Both while the dead endpoint was still routed and once it was not (its removal's event, however late).
    const tookEffectMs = (fx.removedAtMs('a') ?? 0) - removedAtMs;
    expect(replies.some((r) => r.sentMs < tookEffectMs)).toBe(true);
    expect(replies.some((r) => r.sentMs > tookEffectMs)).toBe(true);
    const upstreamErrors = fx.events.filter((e) => e.type === 'upstream-error');
    expect(upstreamErrors.length).toBeGreaterThan(0);
    expect(upstreamErrors.every((e) => e.code === 'ECONNREFUSED' && e.outcome === 'reset')).toBe(true);
  });

  it('passes an upstream reset on as a reset', async () => {
    const target = await startTargetServer({ reset: 1 });
    fx.onClose(() => target.close());
    const proxy = await fx.proxy({ mode: 'l4', propagationDelayMs: 0 });
    proxy.addEndpoint('pod-x', target.port);
    expect((await send(fx.client(proxy.url))).outcome).toBe('ECONNRESET');
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toMatchObject([
      { endpoint: 'pod-x', code: 'ECONNRESET', outcome: 'reset' },
    ]);
    expect([target.connections, target.received.reset]).toEqual([1, 1]);
  });
});
