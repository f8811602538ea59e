import { afterEach, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../src/core/histogram.js';
import type { LoadOptions } from '../../src/load/options.js';
import { runLoad as runLoadWith, startLoad as startLoadWith } from '../../src/load/run-load.js';
import { startRecordingServer } from '../support/recording-server.js';
import { closedPort, startTargetServer, type TargetServer } from '../support/target-server.js';

// The engine against real loopback servers that misbehave on command: counts must be exact, and every
// failure must land on its own outcome key.
let target: TargetServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

// Both HTTP clients meet the same servers and must give the same counts and outcome keys.
describe.each(['rollbench', 'undici'] as const)('load engine over real sockets (%s client)', (httpClient) => {
  const runLoad = (options: LoadOptions) => runLoadWith({ ...options, httpClient });
  const startLoad = (options: LoadOptions) => startLoadWith({ ...options, httpClient });

  it('counts exactly what the server received, per status', async () => {
    target = await startTargetServer({ statuses: [{ status: 503, ratio: 0.1 }] });
    const result = await runLoad({ url: target.url, rps: 500, durationMs: 1000, connections: 4 });
    expect(target.received.total).toBe(500);
    expect(result.summary.requests).toBe(500);
    expect(result.summary.outcomes['200']?.count).toBe(target.received.byStatus['200']);
    expect(result.summary.outcomes['503']?.count).toBe(50);
    expect(result.summary.failed).toBe(50);
    expect(result.summary.droppedSends).toBe(0);
  });

  it('records a decodable histogram per outcome per bucket that adds up to the summary', async () => {
    target = await startTargetServer({ statuses: [{ status: 502, ratio: 0.2 }] });
    const result = await runLoad({ url: target.url, rps: 200, durationMs: 1000, bucketMs: 250 });
    expect(result.buckets.map((bucket) => bucket.startMs)).toEqual([0, 250, 500, 750]);
    let total = 0;
    for (const bucket of result.buckets) {
      for (const outcome of Object.values(bucket.outcomes)) {
        expect(decodeHistogram(outcome.histogram ?? '').totalCount).toBe(outcome.count);
        total += outcome.count;
      }
    }
    expect(total).toBe(200);
    expect(result.summary.outcomes['502']?.count).toBe(40);
  });

  it('a refused connection is ECONNREFUSED', async () => {
    const port = await closedPort();
    const result = await runLoad({ url: `http://127.0.0.1:${port}/`, rps: 50, durationMs: 200 });
    expect(Object.keys(result.summary.outcomes)).toEqual(['ECONNREFUSED']);
    expect(result.summary.outcomes.ECONNREFUSED?.count).toBe(10);
  });

  it('a reset is ECONNRESET, a request read and left unanswered by a closing server is UND_ERR_SOCKET', async () => {
    target = await startTargetServer({ reset: 0.25, drop: 0.25 });
    const result = await runLoad({ url: target.url, rps: 100, durationMs: 400, connections: 2 });
    expect(result.summary.outcomes.ECONNRESET?.count).toBe(target.received.reset);
    expect(result.summary.outcomes.UND_ERR_SOCKET?.count).toBe(target.received.dropped);
    expect(target.received.reset).toBeGreaterThan(0);
    expect(target.received.dropped).toBeGreaterThan(0);
    expect(result.summary.requests).toBe(40);
  });

  it('a request never answered ends as TIMEOUT after --timeout, measured from its send', async () => {
    target = await startTargetServer({ hang: 1 });
    const result = await runLoad({ url: target.url, rps: 20, durationMs: 250, timeoutMs: 300 });
    expect(Object.keys(result.summary.outcomes)).toEqual(['TIMEOUT']);
    expect(result.summary.outcomes.TIMEOUT?.count).toBe(5);
    expect(result.summary.outcomes.TIMEOUT?.p50Ms).toBeGreaterThanOrEqual(300);
    expect(result.summary.outcomes.TIMEOUT?.maxMs).toBeLessThan(600);
  });

  it('under overload, requests that time out while queued cost no connection and do not hold up the end', async () => {
    // 1 000 sends at 2 000 rps onto 2 connections of a server that takes 1 s: nearly all wait in the pool's queue
    // and time out there. Each used to be dispatched once a connection came free, only to be aborted, which
    // destroyed that connection: one new connection per queued request, one after another — and the load did not
    // end until the pool had let go of every one of them (10.9 s for `--rate 20000 -d 2s --timeout 1s`).
    const answerDelayMs = 1000;
    const timeoutMs = 300;
    target = await startTargetServer({ delayMs: answerDelayMs });
    const run = startLoad({ url: target.url, rps: 2000, durationMs: 500, timeoutMs, connections: 2 });
    const startMs = await run.started;
    const result = await run.done;
    const lastOutcomeMs = startMs + result.summary.durationMs + result.summary.drainMs;
    expect(Object.keys(result.summary.outcomes)).toEqual(['TIMEOUT']);
    // Every send went out, though ~600 wait out their timeout at once: no cap by default (the old one, rate × timeout
    // + connections, dropped 21–40 of them here, and 22–75 with the machine busy).
    expect(result.summary.droppedSends).toBe(0);
    // A request timed out once on a socket closes it (HTTP/1.1 cannot cancel it): those connections, no more.
    expect(target.connections).toBeLessThan(200);
    // The end waits for no answer from the server: sooner after the last outcome than the server's delay.
    expect(performance.now() - lastOutcomeMs).toBeLessThan(answerDelayMs);
    // Every timeout ends its request at its deadline, not before (the last send is due 0.5 ms before the end and may
    // leave 0.75 ms early) and, however late a busy machine runs the sweep, before the server could have answered it.
    expect(result.summary.drainMs).toBeGreaterThanOrEqual(timeoutMs - 2);
    expect(result.summary.drainMs).toBeLessThan(timeoutMs + answerDelayMs);
  });

  it('against a refusing target, what the pool still holds once every request has an outcome is dropped at once', async () => {
    // At 20 000 rps onto 2 connections, requests pile up in the pool's queue faster than failed connects clear them;
    // they time out there. Closing the pool gracefully waited for each to be dispatched, one failed connect after
    // another: 1.1–1.6 s here after the last outcome.
    const port = await closedPort();
    const durationMs = 500;
    const run = startLoad({
      url: `http://127.0.0.1:${port}/`,
      rps: 20_000,
      durationMs,
      timeoutMs: 300,
      connections: 2,
    });
    const startMs = await run.started;
    const result = await run.done;
    // undici's pool queues them until they time out; rollbench's client fails every waiting request as soon as a
    // connect fails and none is open, so nothing waits.
    if (httpClient === 'undici') expect(result.summary.outcomes.TIMEOUT?.count).toBeGreaterThan(0);
    else expect(Object.keys(result.summary.outcomes)).toEqual(['ECONNREFUSED']);
    // At once: sooner than the load itself lasted (the pool's graceful close took 1.1–1.6 s).
    expect(performance.now() - (startMs + result.summary.durationMs + result.summary.drainMs)).toBeLessThan(durationMs);
  });

  it('a server stall shows as latency of the queued requests, not as fewer requests (open model)', async () => {
    const stallMs = 400;
    const bucketMs = 500;
    target = await startTargetServer();
    const run = startLoad({ url: target.url, rps: 200, durationMs: 1500, bucketMs, connections: 4 });
    // Timed from the load's start, not from here: the send clock's worker takes tens of ms to boot, and on a
    // busy machine far more, which moved the stall into the first bucket. Where it fell is read back, not assumed:
    // a busy machine runs the timer late.
    let stallAtMs = Number.NaN;
    void run.started.then((startMs) =>
      setTimeout(() => {
        stallAtMs = performance.now() - startMs;
        target?.stallFor(stallMs);
      }, bucketMs),
    );
    const result = await run.done;
    expect(result.summary.requests).toBe(300);
    expect(target.received.total).toBe(300);
    // The bucket of the sends due in the stall's first 50 ms, each of which waited 350 ms and more: not simply the
    // stall's start's, which a late timer can put in the last ms of a bucket, after its last send was due.
    const stalledBucket = Math.floor((stallAtMs + 50) / bucketMs);
    const stalled = decodeHistogram(result.buckets[stalledBucket]?.outcomes['200']?.histogram ?? '');
    // Requests sent at the start of the stall waited ~400 ms; the bucket's worst latency shows it.
    expect(stalled.maxValue / 1000, `the stall began ${stallAtMs} ms in`).toBeGreaterThan(stallMs * 0.75);
    expect(result.summary.outcomes['200']?.p99Ms).toBeGreaterThan(stallMs / 2);
    // The bucket before it was not held up: its median is under a quarter of the stall (a stalled bucket's is ~150 ms:
    // most of its requests were sent during the stall and waited for its end).
    const before = decodeHistogram(result.buckets[stalledBucket - 1]?.outcomes['200']?.histogram ?? '');
    expect(before.getValueAtPercentile(50) / 1000).toBeLessThan(stallMs / 4);
  });

  it('closed model keeps at most --connections requests in flight and counts exactly', async () => {
    target = await startTargetServer({ delayMs: 5 });
    const result = await runLoad({ url: target.url, model: 'closed', connections: 3, durationMs: 300 });
    expect(result.summary.requests).toBe(target.received.total);
    expect(target.connections).toBeLessThanOrEqual(3);
    // Each loop sends again as its answer comes: well over one request per connection. 3 loops of ~5 ms requests for
    // 300 ms make about 180 on a quiet machine, and 17 with 4 test suites side by side on 2 cores (> 30 failed there).
    expect(result.summary.requests).toBeGreaterThan(3 * 3);
  });

  it('--max-requests-per-connection recycles connections', async () => {
    target = await startTargetServer();
    await runLoad({ url: target.url, rps: 200, durationMs: 500, connections: 2, maxRequestsPerConnection: 10 });
    expect(target.received.total).toBe(100);
    expect(target.connections).toBeGreaterThanOrEqual(10);
  });

  /** A load on one sample app that names itself `pod-a` in its pod header, answering after `delayMs`. */
  async function loadOnPodA(delayMs: number, options: Omit<LoadOptions, 'url'>) {
    const { startSampleApp, sampleAppDefaults } = await import('../../src/platform/local/sample-app.js');
    const app = await startSampleApp({ ...sampleAppDefaults, name: 'pod-a', delayMs });
    try {
      return await runLoad({ url: app.url, ...options });
    } finally {
      await app.close();
    }
  }

  it('counts requests per pod from the first pod header present, with first/last send times', async () => {
    const result = await loadOnPodA(0, {
      rps: 100,
      durationMs: 500,
      bucketMs: 250,
      podHeaders: ['x-missing', 'X-Rollbench-Pod'],
    });
    expect(result.summary.pods?.['pod-a']).toMatchObject({
      requests: 50,
      failed: 0,
      firstSentMs: expect.any(Number),
    });
    expect(result.summary.pods?.['pod-a']?.lastSentMs).toBeGreaterThan(480);
    expect(result.buckets.map((bucket) => bucket.pods)).toEqual([{ 'pod-a': { 200: 25 } }, { 'pod-a': { 200: 25 } }]);
  });

  it('dates the last request that reached a pod by when it was written onto a connection, not when it was due', async () => {
    // One connection and 100 ms answers: the 10 sends due 50 ms apart queue, the last written at ≈ 900 ms.
    const result = await loadOnPodA(100, { rps: 20, durationMs: 500, connections: 1, podHeaders: ['X-Rollbench-Pod'] });
    expect(result.summary.requests).toBe(10);
    expect(result.summary.pods?.['pod-a']?.lastSentMs).toBeGreaterThan(850);
  });

  it('sends the method, headers and body it is given', async () => {
    const server = await startRecordingServer();
    try {
      await runLoad({
        url: `${server.url}/x?y=1`,
        rps: 10,
        durationMs: 200,
        method: 'post',
        headers: { 'x-test': 'yes' },
        body: '{"a":1}',
      });
    } finally {
      await server.close();
    }
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]).toMatchObject({ method: 'POST', headers: { 'x-test': 'yes' }, body: '{"a":1}' });
  });

  it('sends URL user info as Basic auth, percent-decoded to bytes as curl does; a given authorization wins', async () => {
    const server = await startRecordingServer();
    try {
      const url = `http://us%40er:p%3Ass%20w%E9@127.0.0.1:${server.port}/`;
      const result = await runLoad({ url, rps: 10, durationMs: 100 });
      const explicit = await runLoad({ url, rps: 10, durationMs: 100, headers: { Authorization: 'Bearer abc' } });
      // What curl 8 sends for the same URL (`curl http://us%40er:p%3Ass%20w%E9@…`): the bytes "us@er:p:ss w\xe9".
      expect(server.seen.map((request) => request.headers.authorization)).toEqual([
        'Basic dXNAZXI6cDpzcyB36Q==',
        'Bearer abc',
      ]);
      expect(result.settings.url).toBe(`${server.url}/`);
      expect(result.settings.headers).toEqual({ authorization: '<redacted>' });
      expect(explicit.settings.headers).toEqual({ Authorization: '<redacted>' });
    } finally {
      await server.close();
    }
  });
});
