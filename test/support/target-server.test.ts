import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type Behaviour, closedPort, startTargetServer, type TargetServer } from './target-server.js';
import { until } from './until.js';

/** Servers and clients to close after each test, so a failing assertion can't leak handles and keep vitest alive. */
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function target(b?: Behaviour): Promise<TargetServer> {
  const server = await startTargetServer(b);
  cleanups.push(() => server.close());
  return server;
}

function client(server: TargetServer, options?: Client.Options): Client {
  const c = new Client(server.url, options);
  cleanups.push(() => c.destroy());
  return c;
}

function pool(server: TargetServer, connections: number): Pool {
  const p = new Pool(server.url, { connections });
  cleanups.push(() => p.destroy());
  return p;
}

interface Answer {
  status: number;
  seq: number;
  connection: string | undefined;
  body: string;
  latencyMs: number;
}

/** One GET; resolves with what came back, or rejects with the client's error. */
async function get(dispatcher: Client | Pool): Promise<Answer> {
  const startMs = performance.now();
  const res = await dispatcher.request({ path: '/', method: 'GET' });
  const body = await res.body.text();
  const connection = res.headers.connection;
  return {
    status: res.statusCode,
    seq: Number(res.headers['x-target-seq']),
    connection: typeof connection === 'string' ? connection : undefined,
    body,
    latencyMs: performance.now() - startMs,
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: unknown };
  }
  throw new Error('expected a failure, got an answer');
}

async function getMany(dispatcher: Client | Pool, count: number): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, () => get(dispatcher)));
}

describe('startTargetServer', () => {
  it('answers 200 ok on 127.0.0.1 with arrival numbers, reusing one keep-alive connection', async () => {
    const server = await target();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const c = client(server);

    const answers = [await get(c), await get(c), await get(c)];

    expect(answers.map((a) => [a.status, a.body, a.seq])).toEqual([
      [200, 'ok', 1],
      [200, 'ok', 2],
      [200, 'ok', 3],
    ]);
    expect(answers[0]?.connection).toBe('keep-alive');
    expect(server.connections).toBe(1);
    expect(server.received).toEqual({
      total: 3,
      byStatus: { '200': 3 },
      reset: 0,
      hung: 0,
      dropped: 0,
      closedKeepAlive: 0,
    });
  });

  it('spreads statuses by ratio deterministically: exact counts, misbehaviour last in each cycle', async () => {
    const server = await target({
      statuses: [
        { status: 500, ratio: 0.1 },
        { status: 404, ratio: 0.25 },
      ],
    });

    const answers = await getMany(pool(server, 20), 1000);

    const counted: Record<string, number> = {};
    for (const a of answers) counted[a.status] = (counted[a.status] ?? 0) + 1;
    expect(counted).toEqual({ '200': 650, '404': 250, '500': 100 });
    expect(server.received.byStatus).toEqual(counted);
    expect(server.received.total).toBe(1000);

    server.setBehaviour({ statuses: [{ status: 503, ratio: 0.25 }] });
    const c = client(server);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(c)).status);
    expect(statuses).toEqual([200, 200, 200, 503, 200, 200, 200, 503]);
  });

  it('resets a ratio of requests with a TCP RST, which undici reports as a bare ECONNRESET', async () => {
    const server = await target({ reset: 0.5 });
    const p = pool(server, 1);

    const results = [];
    for (let i = 0; i < 10; i++) results.push(await get(p).catch((err: Error & { code?: unknown }) => err));

    expect(results.map((r) => (r instanceof Error ? r.code : r.status))).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 200 : 'ECONNRESET')),
    );
    expect(server.received).toMatchObject({ total: 10, reset: 5, byStatus: { '200': 5 } });
    // Every reset kills its connection, so the pool reconnects for the next request (none after the last).
    expect(server.connections).toBe(5);
  });

  it('drops a ratio of connections without answering (FIN), which undici reports as UND_ERR_SOCKET', async () => {
    const server = await target({ drop: 1 });

    const err = await failure(get(client(server)));

    expect(err.code).toBe('UND_ERR_SOCKET');
    expect(server.received).toMatchObject({ total: 1, dropped: 1, byStatus: {} });
  });

  it('hangs a ratio of requests until the client gives up', async () => {
    const server = await target({ hang: 1 });

    // undici runs headersTimeout on a coarse timer (~0.5 s ticks), so 500 ms takes up to a second to fire. The
    // client gives up after 500 ms, not less: long enough for a loaded machine's server to have read the request.
    const err = await failure(get(client(server, { headersTimeout: 500 })));

    expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(server.received).toMatchObject({ total: 1, hung: 1, byStatus: {} });
    // An AbortSignal timeout surfaces as a DOMException whose `code` is the number 23, not a string.
    const aborted = await failure(
      client(server).request({ path: '/', method: 'GET', signal: AbortSignal.timeout(500) }),
    );
    expect(aborted.name).toBe('TimeoutError');
    expect(server.received.hung).toBe(2);
  });

  it('closes keep-alive after each answer when asked, so every request opens a connection', async () => {
    const server = await target({ closeKeepAlive: true });
    const c = client(server);

    const answers = [await get(c), await get(c), await get(c)];

    expect(answers.map((a) => [a.status, a.connection])).toEqual([
      [200, 'close'],
      [200, 'close'],
      [200, 'close'],
    ]);
    expect(server.connections).toBe(3);
    expect(server.received).toMatchObject({ total: 3, closedKeepAlive: 3 });
  });

  it('sends bodies of the requested size', async () => {
    const server = await target({ bodyBytes: 5000 });
    const c = client(server);

    expect((await get(c)).body).toBe('ok'.repeat(2500));
    server.setBehaviour({ bodyBytes: 0 });
    expect((await get(c)).body).toBe('');
  });

  it('delays answers by a fixed delay, or a random one within bounds', async () => {
    const server = await target({ delayMs: 50 });
    const p = pool(server, 20);

    expect((await get(p)).latencyMs).toBeGreaterThanOrEqual(49);

    server.setBehaviour({ delayMs: { minMs: 20, maxMs: 80 } });
    const latenciesMs = (await getMany(p, 20)).map((a) => a.latencyMs);
    // Timers never fire early; the upper slack covers a busy CI machine.
    for (const ms of latenciesMs) {
      expect(ms).toBeGreaterThanOrEqual(19);
      expect(ms).toBeLessThan(80 + 1000);
    }
    expect(Math.max(...latenciesMs) - Math.min(...latenciesMs)).toBeGreaterThan(5);
  });

  it('answers 503 at once for durationMs, then goes back to the behaviour', async () => {
    // A delay and a window long enough that a loaded machine's slowness cannot pass for either: "at once" is judged
    // against the delay, and the request after the window is sent only once it has certainly passed.
    const delayMs = 500;
    const windowMs = 1000;
    const server = await target({ delayMs });
    const c = client(server);

    const windowStartMs = performance.now();
    server.unavailableFor(windowMs);
    const during = await get(c);
    await sleep(windowStartMs + windowMs - performance.now());
    const after = await get(c);

    expect(during.status).toBe(503);
    expect(during.latencyMs).toBeLessThan(delayMs);
    expect(after.status).toBe(200);
    expect(after.latencyMs).toBeGreaterThanOrEqual(delayMs - 1);
    expect(server.received.byStatus).toEqual({ '503': 1, '200': 1 });
  });

  it('stalls: holds every request arriving during durationMs and answers them all when it ends', async () => {
    const stallMs = 1000;
    const server = await target();
    const p = pool(server, 10);

    const stallStartMs = performance.now();
    server.stallFor(stallMs);
    const pending: Array<Promise<number>> = [];
    for (let i = 0; i < 4; i++) {
      pending.push(get(p).then(() => performance.now() - stallStartMs));
      await sleep(100);
    }
    // Counted on arrival, while still held.
    await until(() => server.received.total === 4);
    const arrivedByMs = performance.now() - stallStartMs;
    const answeredAtMs = await Promise.all(pending);

    // None before the stall's end (a timer never fires early; Node may round it 1 ms short).
    for (const ms of answeredAtMs) expect(ms).toBeGreaterThanOrEqual(stallMs - 1);
    // Together: far closer to one another than they were sent, 300 ms and more apart (held each for the stall from
    // its arrival, they would answer that far apart). Only meaningful when all four came in during the stall.
    if (arrivedByMs < stallMs) expect(Math.max(...answeredAtMs) - Math.min(...answeredAtMs)).toBeLessThan(150);
    // Once it ended, answered without being held: well within a stall's length.
    expect((await get(p)).latencyMs).toBeLessThan(stallMs);
  });

  it('stops accepting: new connections hang unread until resumed, served ones carry on', async () => {
    const server = await target();
    const served = client(server);
    await get(served);

    server.stopAccepting();
    // A client that connects, sends a request and gives up. Raw, because undici reconnects after an abort.
    const gaveUp = connect(server.port, '127.0.0.1');
    await once(gaveUp, 'connect');
    gaveUp.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    const waiting = get(client(server));
    await sleep(50);
    gaveUp.destroy();
    expect((await get(served)).status).toBe(200);
    expect(server.received.total).toBe(2);
    expect(server.connections).toBe(1);

    server.resumeAccepting();
    expect((await waiting).status).toBe(200);
    // The request of the client that gave up was still unread, so it is served (to nobody) on resume, like a backlog.
    expect(server.received.total).toBe(4);
    expect(server.connections).toBe(3);
  });

  it('resetCounts zeroes counts and connections and restarts the arrival numbers', async () => {
    const server = await target();
    const c = client(server);
    await get(c);
    await get(c);

    server.resetCounts();

    expect(server.received).toEqual({ total: 0, byStatus: {}, reset: 0, hung: 0, dropped: 0, closedKeepAlive: 0 });
    expect(server.connections).toBe(0);
    expect((await get(c)).seq).toBe(1);
  });

  it('survives clients aborting while their answers wait', async () => {
    const server = await target({ delayMs: 1000 });
    const abort = new AbortController();
    const aborted = failure(client(server).request({ path: '/', method: 'GET', signal: abort.signal }));
    // Abort once the server has the request, so that its answer is due on a dead socket.
    await until(() => server.received.total === 1);
    abort.abort();
    expect((await aborted).name).toBe('AbortError');
    // Another request with the same delay: its answer's timer is due after the aborted one's, and timers due in order
    // run in order, so by the time it is answered the server has met the dead socket, however late the machine runs.
    expect((await get(client(server))).status).toBe(200);
  });

  it('rejects impossible behaviours', async () => {
    await expect(startTargetServer({ reset: 0.6, hang: 0.6 })).rejects.toThrow(RangeError);
    const server = await target();
    expect(() => server.setBehaviour({ statuses: [{ status: 42, ratio: 0.1 }] })).toThrow(RangeError);
    expect(() => server.setBehaviour({ delayMs: { minMs: 10, maxMs: 5 } })).toThrow(RangeError);
    expect(() => server.setBehaviour({ drop: -0.1 })).toThrow(RangeError);
  });

  it('close destroys everything, even hung requests, is idempotent and frees the port', async () => {
    const server = await target({ hang: 1 });
    const c = client(server);
    const hung = failure(get(c));
    await until(() => server.received.hung === 1); // it is held, not on its way

    await Promise.all([server.close(), server.close()]);
    await server.close();

    expect((await hung).code).toBe('UND_ERR_SOCKET');
    const refused = await failure(request(server.url, { method: 'GET' }));
    expect(refused.code).toBe('ECONNREFUSED');
  });
});

describe('closedPort', () => {
  it('gives a loopback port that refuses connections', async () => {
    const port = await closedPort();

    const err = await failure(request(`http://127.0.0.1:${port}`, { method: 'GET' }));

    expect(err.code).toBe('ECONNREFUSED');
  });
});
