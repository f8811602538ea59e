import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResourceSample } from '../../src/core/resource-sample.js';
import { PeriodicSampler } from '../../src/observe/periodic-sampler.js';

// On fake time: what is asserted is the sampler's schedule, which a loaded machine's late timers would blur.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const sample = (atMs: number): ResourceSample => ({
  atMs,
  pod: 'p',
  container: 'app',
  cpuMillicores: 1,
  memoryBytes: 1,
});

describe('PeriodicSampler', () => {
  it('reads at once, then at every interval, and keeps nothing once stopped', async () => {
    const sampler = new PeriodicSampler(async () => [sample(Date.now())], 100);
    const startMs = Date.now();
    sampler.start();
    await vi.advanceTimersByTimeAsync(550);
    sampler.stop();
    expect(sampler.samples().map((s) => s.atMs - startMs)).toEqual([0, 100, 200, 300, 400, 500]);
    await vi.advanceTimersByTimeAsync(250);
    expect(sampler.samples()).toHaveLength(6);
  });

  it('never throws from the timer when a reading fails', async () => {
    const sampler = new PeriodicSampler(() => Promise.reject(new Error('no /proc')), 20);
    sampler.start();
    await vi.advanceTimersByTimeAsync(100);
    sampler.stop();
    expect(sampler.samples()).toEqual([]);
  });

  it('skips a tick while a reading is still under way', async () => {
    const startedAtMs: number[] = [];
    const startMs = Date.now();
    const sampler = new PeriodicSampler(async () => {
      startedAtMs.push(Date.now() - startMs);
      await new Promise((resolve) => setTimeout(resolve, 250));
      return [sample(startedAtMs.length)];
    }, 50);
    sampler.start();
    await vi.advanceTimersByTimeAsync(400);
    sampler.stop();
    // 8 ticks in 400 ms, but a reading takes 250 ms: the ticks at 50–250 ms are skipped, the next reading is at 300.
    expect(startedAtMs).toEqual([0, 300]);
  });
});
