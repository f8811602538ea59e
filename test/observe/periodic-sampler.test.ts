import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ResourceSample } from '../../src/core/resource-sample.js';
import { PeriodicSampler } from '../../src/observe/periodic-sampler.js';

const sample = (atMs: number): ResourceSample => ({
  atMs,
  pod: 'p',
  container: 'app',
  cpuMillicores: 1,
  memoryBytes: 1,
});

describe('PeriodicSampler', () => {
  it('reads at once, then at every interval, and keeps nothing once stopped', async () => {
    let readings = 0;
    const sampler = new PeriodicSampler(async () => [sample(++readings)], 100);
    sampler.start();
    await sleep(550);
    sampler.stop();
    const samples = sampler.samples();
    // Readings at 0, 100, … 500 ms on an idle box; a loaded one may skip some.
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(6);
    expect(samples.map((s) => s.atMs)).toEqual([...samples.map((s) => s.atMs)].sort((a, b) => a - b));
    await sleep(250);
    expect(sampler.samples()).toHaveLength(samples.length);
  });

  it('never throws from the timer when a reading fails', async () => {
    const sampler = new PeriodicSampler(() => Promise.reject(new Error('no /proc')), 20);
    sampler.start();
    await sleep(100);
    sampler.stop();
    expect(sampler.samples()).toEqual([]);
  });

  it('skips a tick while a reading is still under way', async () => {
    let started = 0;
    const sampler = new PeriodicSampler(async () => {
      started++;
      await sleep(250);
      return [sample(started)];
    }, 50);
    sampler.start();
    await sleep(400);
    sampler.stop();
    // 8 ticks in 400 ms, but a reading takes 250 ms: two at most.
    expect(started).toBeLessThanOrEqual(2);
  });
});
