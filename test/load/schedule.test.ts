import { describe, expect, it } from 'vitest';
import { OpenSchedule } from '../../src/load/schedule.js';

describe('OpenSchedule', () => {
  it('has exactly rate × duration sends, evenly spaced from the start', () => {
    const schedule = new OpenSchedule(1000, 4, 1000);
    expect(schedule.total).toBe(4);
    expect([0, 1, 2, 3].map((i) => schedule.intendedMs(i))).toEqual([1000, 1250, 1500, 1750]);
  });

  it('counts the sends due by a time, including the one due exactly then', () => {
    const schedule = new OpenSchedule(0, 1000, 10_000);
    expect(schedule.dueBy(-1)).toBe(0);
    expect(schedule.dueBy(0)).toBe(1);
    expect(schedule.dueBy(0.999)).toBe(1);
    expect(schedule.dueBy(1)).toBe(2);
    expect(schedule.dueBy(1e9)).toBe(10_000);
  });

  it('agrees with itself at every intended time despite floating point (rates like 3 rps)', () => {
    for (const rps of [3, 7, 333.3, 5000]) {
      const schedule = new OpenSchedule(12.5, rps, 2000);
      for (let i = 0; i < schedule.total; i++) expect(schedule.dueBy(schedule.intendedMs(i))).toBe(i + 1);
    }
  });

  it('rounds a fractional count of sends up: 2.5 rps for 1 s sends at 0 ms, 400 ms and 800 ms', () => {
    expect(new OpenSchedule(0, 2.5, 1000).total).toBe(3);
  });
});
