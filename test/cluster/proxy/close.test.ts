import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOutcome } from '../../../src/core/outcome.js';
import { Fixture, send, sleep } from './helpers.js';

// close() must leave nothing behind: no listener, no socket, no timer (a pending removal included).
let fx = new Fixture();
afterEach(async () => {
  await fx.close();
  fx = new Fixture();
});

/** Listeners, sockets and timers keeping the event loop alive (vitest's own pipes and ports left out). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = { TCPServerWrap: 0, TCPSocketWrap: 0, Timeout: 0 };
  for (const type of process.getActiveResourcesInfo()) if (type in counts) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err) => socket.once('close', () => resolve(errorOutcome(err))));
  });
}

describe('proxy close()', () => {
  it.each([{ mode: 'l7' }, { mode: 'l4' }] as const)(
    '$mode: closes everything, cancels pending changes, and is idempotent',
    async (options) => {
      const { a } = await fx.apps('a');
      const before = activeResources();
      const events: string[] = [];
      const proxy = await fx.proxy({ ...options, propagationDelayMs: 100, onEvent: (e) => events.push(e.type) });
      proxy.addEndpoint('a', a.port);
      const client = fx.client(proxy.url);
      expect((await send(client)).pod).toBe('a'); // leaves keep-alive connections open on both sides
      proxy.removeEndpoint('a'); // leaves a timer pending

      await Promise.all([proxy.close(), proxy.close()]);
      await proxy.close();
      await client.destroy();

      // No more than before the proxy started, once the closed handles are gone (a loaded machine takes its time;
      // read between sleeps, whose own timer has gone by then): other tests' servers may still be finishing theirs.
      const settled = () => Object.keys(before).every((type) => (activeResources()[type] ?? 0) <= (before[type] ?? 0));
      for (let waitedMs = 0; waitedMs < 10_000 && !settled(); waitedMs += 50) await sleep(50);
      const after = activeResources();
      for (const type of Object.keys(before)) expect(after[type], type).toBeLessThanOrEqual(before[type] ?? 0);
      expect(events).toEqual(['endpoint-add-requested', 'endpoint-added', 'endpoint-remove-requested']);
      expect(proxy.routedEndpoints()).toEqual([]);
      expect(await connectOutcome(proxy.port)).toBe('ECONNREFUSED');
    },
  );
});
