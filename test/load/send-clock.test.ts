import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/core/result.js';
import { startLoad } from '../../src/load/run-load.js';
import { OpenSchedule } from '../../src/load/schedule.js';
import { type SendClock, sendClockWorkerUrl, WorkerSendClock } from '../../src/load/send-clock.js';
import { runWithDeadline } from '../support/child.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';

let target: TargetServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** The load's result, or 'hung' when it has not ended `withinMs` after it should have. */
async function endOf(run: ReturnType<typeof startLoad>, withinMs: number): Promise<LoadResult | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), withinMs);
  });
  const ended = await Promise.race([run.done, hung]);
  clearTimeout(timer);
  if (ended === 'hung') {
    run.abort();
    await run.done;
  }
  return ended;
}

describe('WorkerSendClock', () => {
  it('never wakes the engine before a send’s window opens by performance.now(), even in a fresh process', async () => {
    // In a fresh process the first performance.now() loads perf_hooks, which took 0.6–25 ms between the two clock
    // readings WorkerSendClock used to pair (measured): every wake then came that much early. Run from dist/ (built by
    // `npm test`) in a child process, so that nothing has used performance.now() before the clock reads it.
    const dist = new URL('../../dist/load/', import.meta.url).href;
    const script = `
      import { WorkerSendClock } from '${dist}send-clock.js';
      import { OpenSchedule } from '${dist}schedule.js';
      let schedule;
      const earlyUs = [];
      // Each wake says how many sends are due; the last of them is the one whose window must have opened. A wake per
      // send at this rate, unless this thread runs late (a busy machine): the clock then wakes it once for all that
      // came due meanwhile, and, as the engine does, this sends them all.
      const clock = new WorkerSendClock((due) => {
        earlyUs.push((schedule.intendedMs(due - 1) - clock.earlyMs - performance.now()) * 1000);
        clock.advanced(due);
        if (due >= schedule.total) clock.close().then(() => console.log(JSON.stringify(earlyUs)));
      });
      await clock.ready();
      schedule = new OpenSchedule(performance.now(), 50, 200);
      clock.start(schedule);`;
    const file = join(await mkdtemp(join(tmpdir(), 'rollbench-clock-')), 'wakes.mjs');
    await writeFile(file, script);
    const ran = await runWithDeadline(process.execPath, [file], { deadlineMs: 10_000 });
    expect(ran.stdout, `exit ${ran.code}, stderr: ${ran.stderr}`).toMatch(/^\[.*\]\n$/);
    const earlyUs = JSON.parse(ran.stdout) as number[];
    // Ten sends: ten wakes on a quiet machine, fewer when this thread ran late (as few as 2 under load, measured).
    expect(earlyUs.length).toBeGreaterThan(0);
    expect(earlyUs.length).toBeLessThanOrEqual(10);
    // A wake comes when the send's window opens, earlyMs before its intended time, and at best a few µs before that:
    // how far apart the tightest pair of clock readings was.
    expect(Math.max(...earlyUs)).toBeLessThan(50);
  });
});

describe('the send clock’s worker module', () => {
  it('is the compiled sibling in dist/, and the build’s copy when the clock runs from its TypeScript source', () => {
    expect(sendClockWorkerUrl('file:///app/dist/load/send-clock.js').href).toBe(
      'file:///app/dist/load/send-clock-worker.js',
    );
    expect(sendClockWorkerUrl().href).toBe(new URL('../../dist/load/send-clock-worker.js', import.meta.url).href);
    expect(() => sendClockWorkerUrl('file:///nowhere/src/load/send-clock.ts')).toThrow(/missing: run `npm run build`/);
  });

  it('loads when the clock runs from the sources, and wakes at most once per 1.5 ms, every send covered', async () => {
    // 2 000 rps for 100 ms: a send every 0.5 ms, 200 sends. Waking for each would be 200 wakes; the policy (a wake at
    // most every 1.5 ms, each for what is due within 0.75 ms) allows at most 68, and fewer on a busy machine.
    const dues: number[] = [];
    let ended: () => void = () => {};
    const allDue = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const clock = new WorkerSendClock((due) => {
      dues.push(due);
      clock.advanced(due);
      if (due >= 200) ended();
    });
    try {
      await clock.ready();
      clock.start(new OpenSchedule(performance.now() + 5, 2000, 100));
      await allDue;
    } finally {
      await clock.close();
    }
    expect(dues.length).toBeLessThanOrEqual(68);
    expect(dues.at(-1)).toBe(200);
  });
});

describe('the open model ends however its send clock wakes it', () => {
  it('sends through the index the worker says is due, though the engine’s clock says it is not yet', async () => {
    // The worker keeps time on process.hrtime, the engine on its own clock (performance.now()); WorkerSendClock maps
    // one onto the other from a pair of readings, which a GC or a preemption between them can put milliseconds apart
    // (measured: wakes arriving 0.2–2 ms "early" by the engine's clock). An engine clock 5 ms behind stands for that
    // (more than the worker's own wake-up jitter on a loaded machine, so that it shows every time). Low rates, so that
    // no response arrives late enough to wake the engine for free: only the send clock wakes it for each send.
    target = await startTargetServer();
    // Housekeeping far apart, so that only the send clock wakes the engine (not the safety net tested below).
    const deps = { now: () => performance.now() - 5, housekeepingMs: 60_000 };
    for (const [rps, durationMs] of [
      [20, 100],
      [10, 200],
      [40, 100],
      [8, 250],
    ] as const) {
      const result = await endOf(startLoad({ url: target.url, rps, durationMs }, deps), durationMs + 1500);
      if (result === 'hung') expect.fail(`${rps} rps × ${durationMs} ms: the load never ended`);
      expect(result.summary.requests).toBe((rps * durationMs) / 1000);
      // A send that left before its intended time by the engine's clock counts its latency from the send.
      expect(Object.keys(result.summary.outcomes)).toEqual(['200']);
    }
  });

  it('a send clock that never wakes the engine still cannot stop the load from ending (housekeeping sends)', async () => {
    target = await startTargetServer();
    const silent: SendClock = { ready: async () => {}, start: () => {}, advanced: () => {}, close: async () => {} };
    const result = await endOf(
      startLoad({ url: target.url, rps: 50, durationMs: 200 }, { makeSendClock: () => silent }),
      1500,
    );
    if (result === 'hung') expect.fail('the load never ended');
    expect(result.summary.requests).toBe(10);
  });
});
