import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromErrorData, toErrorData } from '../../src/core/error-data.js';
import { InternalError, TargetError, UsageError } from '../../src/core/errors.js';
import { startLoadOnThread } from '../../src/load/load-thread.js';
import { startLoad } from '../../src/load/run-load.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
  server?.closeAllConnections();
  server = undefined;
});

/** A server on this thread that notes when (performance.now()) each request arrived. */
async function arrivalsServer(): Promise<{ url: string; arrivalsMs: number[] }> {
  const arrivalsMs: number[] = [];
  server = createServer((_request, response) => {
    arrivalsMs.push(performance.now());
    response.end('ok');
  });
  await new Promise<void>((listening) => server?.listen(0, '127.0.0.1', () => listening()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, arrivalsMs };
}

/** Keeps this thread busy for `ms`, as a burst of API client work would. */
function block(ms: number): void {
  const untilMs = performance.now() + ms;
  while (performance.now() < untilMs) {
    // busy
  }
}

describe('a load on its own thread', () => {
  it('counts exactly, and says when it started on this thread’s clock', async () => {
    const { url, arrivalsMs } = await arrivalsServer();
    const askedMs = performance.now();
    const run = startLoadOnThread({ url, rps: 200, durationMs: 1000 });
    const startMs = await run.started;
    const heardMs = performance.now();
    const result = await run.done;
    expect(result.summary.requests).toBe(200);
    expect(arrivalsMs).toHaveLength(200);
    // It started after it was asked to and before this thread heard so, on this thread's clock (1 ms for rounding).
    // A start on the load thread's own clock would be off by the difference of the two threads' clocks' origins.
    expect(startMs).toBeGreaterThanOrEqual(askedMs - 1);
    expect(startMs).toBeLessThanOrEqual(heardMs + 1);
    // Send i is intended at start + i × 5 ms and leaves at most 0.75 ms before that (the send clock's early
    // window): none arrives earlier, however busy the machine.
    const aheadMs = arrivalsMs.map((arrivedMs, index) => arrivedMs - (startMs + index * 5));
    expect(Math.min(...aheadMs)).toBeGreaterThan(-1);
    expect(run.progress().requests).toBe(200);
    // The thread's own CPU, from Linux's scheduler: some, and at most the whole process's.
    const thread = result.summary.generator.loadThread;
    expect(thread?.cpuUs).toBeGreaterThan(0);
    expect(thread?.cpuUs).toBeLessThanOrEqual(result.summary.generator.cpuUs);
    expect(thread?.waitedForCpuMs).toBeGreaterThanOrEqual(0);
    // Its own memory (its isolate's heap and what that holds): some MiB, and less than the whole process holds.
    expect(thread?.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
    expect(thread?.peakMemoryBytes).toBeLessThan(result.summary.generator.maxRssBytes);
  });

  it('keeps time while this thread is blocked, where a load on this thread sends late', async () => {
    const { url } = await arrivalsServer();
    const rps = 500;
    const blockedMs = 1000;
    const lateOver10Ms = async (start: typeof startLoad) => {
      const run = start({ url, rps, durationMs: 2000 });
      await run.started;
      await new Promise((resolve) => setTimeout(resolve, 250));
      block(blockedMs);
      return (await run.done).summary.lateSends.over10Ms;
    };
    const here = await lateOver10Ms(startLoad);
    const threaded = await lateOver10Ms(startLoadOnThread);
    // Blocked 1 s at 500 rps: the ~495 sends due in it after its first 10 ms are more than 10 ms late here. The
    // thread's own loop sends them on time, or, on a machine too busy to give it a core at once, a few late: a
    // quarter of the block's sends is far more than such waits cost, and far less than the block itself.
    expect(here).toBeGreaterThan(((blockedMs - 10) * rps) / 1000 - 10);
    expect(threaded).toBeLessThan(here / 4);
  });

  it('stops when told, with what it measured', async () => {
    const { url } = await arrivalsServer();
    const run = startLoadOnThread({ url, rps: 100, durationMs: 30_000 });
    await run.started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.stop();
    const result = await run.done;
    expect(result.summary.stopReason).toBe('stopped');
    expect(result.summary.durationMs).toBeLessThan(5000);
    expect(result.summary.requests).toBeGreaterThan(20);
  });

  it('refuses bad options before a thread starts, with the error startLoad throws', () => {
    expect(() => startLoadOnThread({ url: 'ftp://127.0.0.1/', rps: 10 })).toThrow(UsageError);
  });
});

describe('errors across threads', () => {
  it('keep their class, code, hint and details', () => {
    const original = new TargetError('revision 2 cannot start', {
      code: 'CRASH_LOOP',
      hint: 'kubectl logs web-1',
      details: ['one', 'two'],
    });
    const copy = fromErrorData(structuredClone(toErrorData(original)));
    expect(copy).toBeInstanceOf(TargetError);
    expect(copy).toMatchObject({
      code: 'CRASH_LOOP',
      hint: 'kubectl logs web-1',
      details: ['one', 'two'],
      exitCode: 5,
    });
    expect(copy.message).toBe('revision 2 cannot start');
    expect(copy.stack).toBe(original.stack);
    const plain = fromErrorData(toErrorData(new RangeError('boom')));
    expect(plain).not.toBeInstanceOf(InternalError);
    expect(plain.message).toBe('boom');
  });
});
