import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/cluster/tls/self-signed.js';
import { decodeHistogram } from '../../src/core/histogram.js';
import { runLoad } from '../../src/load/run-load.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';

/** How long the slow target takes to set up each connection (its TLS handshake starts only then). */
const SETUP_MS = 400;

/**
 * An HTTPS target whose connections take SETUP_MS to set up: each accepted socket is handed to the TLS server only
 * after SETUP_MS, so the client's handshake — and with it undici's connect — completes no sooner. It counts
 * requests and connections.
 */
async function startSlowSetupTarget(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const { certPem, keyPem } = selfSignedCertificate('127.0.0.1');
  let requests = 0;
  const sockets = new Set<Socket>();
  const tlsServer: HttpsServer = createHttpsServer({ cert: certPem, key: keyPem }, (_req, res) => {
    requests++;
    res.end('ok');
  });
  const timers = new Set<NodeJS.Timeout>();
  const front: Server = createNetServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const timer = setTimeout(() => {
      timers.delete(timer);
      tlsServer.emit('connection', socket);
    }, SETUP_MS);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/`,
    requests: () => requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      tlsServer.close();
    },
  };
}

describe('the first second of a load', () => {
  let slow: Awaited<ReturnType<typeof startSlowSetupTarget>> | undefined;
  let target: TargetServer | undefined;
  const rejectUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  beforeAll(() => {
    // The slow target's certificate is self-signed and the load has no option to trust it.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  });
  afterAll(() => {
    if (rejectUnauthorized === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = rejectUnauthorized;
  });
  afterEach(async () => {
    await slow?.close();
    await target?.close();
    slow = undefined;
    target = undefined;
  });

  it('connection set-up happens before the clock starts: the first bucket is not inflated by it', async () => {
    slow = await startSlowSetupTarget();
    const result = await runLoad({
      url: slow.url,
      rps: 50,
      durationMs: 1000,
      bucketMs: 500,
      connections: 3,
      warmClient: true, // as rollbench load does
    });
    // Before: the first sends waited for a connection, SETUP_MS and more (first bucket p99 ≥ SETUP_MS).
    const first = decodeHistogram(result.buckets[0]?.outcomes['200']?.histogram ?? '');
    expect(first.totalCount).toBe(25);
    // Now none waited for it: under SETUP_MS, the band a loaded machine has for the rest.
    expect(first.getValueAtPercentile(99) / 1000).toBeLessThan(SETUP_MS);
    // The connections were opened without sending anything: the target counted exactly the load's requests.
    expect(slow.requests()).toBe(50);
    expect(result.summary.requests).toBe(50);
  });

  it('a warm-up is sent and counted apart, and kept out of the buckets and the judged summary', async () => {
    target = await startTargetServer();
    const result = await runLoad({ url: target.url, rps: 100, warmupMs: 300, durationMs: 500, connections: 2 });
    expect(result.summary.warmup).toMatchObject({ durationMs: 300, requests: 30, failed: 0 });
    expect(result.summary.warmup?.outcomes['200']?.count).toBe(30);
    expect(result.summary.requests).toBe(50);
    expect(result.buckets.map((bucket) => bucket.outcomes['200']?.count)).toEqual([50]);
    expect(result.settings.warmupMs).toBe(300);
    expect(target.received.total).toBe(80);
  });

  it('the closed model warms up for warmupMs too, and what it sent then is in no bucket', async () => {
    target = await startTargetServer({ delayMs: 5 });
    const result = await runLoad({ url: target.url, model: 'closed', warmupMs: 200, durationMs: 300, connections: 2 });
    const warmup = result.summary.warmup?.requests ?? 0;
    expect(warmup).toBeGreaterThan(0);
    const inBuckets = result.buckets.reduce((sum, bucket) => sum + (bucket.outcomes['200']?.count ?? 0), 0);
    expect(inBuckets).toBe(result.summary.requests);
    expect(target.received.total).toBe(result.summary.requests + warmup);
  });

  it('time queued in the client for a connection shows as late writes, though every send left on time', async () => {
    // 2 connections × one 50 ms request at a time serve 40 rps; 100 rps are sent, so requests queue for a connection.
    target = await startTargetServer({ delayMs: 50 });
    const result = await runLoad({ url: target.url, rps: 100, durationMs: 1000, connections: 2, timeoutMs: 5000 });
    const { requests, lateSends, lateWrites } = result.summary;
    expect(requests).toBe(100);
    expect(lateWrites?.over10Ms).toBeGreaterThanOrEqual(requests / 2);
    expect(lateWrites?.over10Ms ?? 0).toBeGreaterThan(lateSends.over10Ms + requests / 4);
    expect(lateWrites?.maxMs).toBeGreaterThan(500);
  });
});
