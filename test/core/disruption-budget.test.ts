import { describe, expect, it } from 'vitest';
import {
  checkEviction,
  type DisruptionBudget,
  desiredHealthy,
  disruptionsAllowed,
} from '../../src/core/disruption-budget.js';

describe('desiredHealthy', () => {
  // The disruption controller scales both fields against the expected pods rounding UP
  // (pkg/controller/disruption/disruption.go, getExpectedPodCount).
  it.each([
    [{ minAvailable: 2 }, 3, 2],
    [{ minAvailable: '50%' }, 3, 2],
    [{ minAvailable: '34%' }, 3, 2],
    [{ minAvailable: '100%' }, 3, 3],
    [{ minAvailable: '0%' }, 3, 0],
    [{ minAvailable: 5 }, 3, 5],
    [{ maxUnavailable: 1 }, 3, 2],
    [{ maxUnavailable: '50%' }, 3, 1],
    [{ maxUnavailable: '10%' }, 3, 2],
    [{ maxUnavailable: '25%' }, 10, 7],
    [{ maxUnavailable: 0 }, 3, 3],
    [{ maxUnavailable: 5 }, 3, 0],
  ] as Array<[DisruptionBudget, number, number]>)(
    '%o over %d replicas needs %d healthy',
    (budget, replicas, desired) => {
      expect(desiredHealthy(budget, replicas)).toBe(desired);
    },
  );

  it('allows the healthy pods above the demand, never fewer than 0', () => {
    expect(disruptionsAllowed({ minAvailable: 2 }, 3, 3)).toBe(1);
    expect(disruptionsAllowed({ minAvailable: 2 }, 3, 1)).toBe(0);
    expect(disruptionsAllowed({ maxUnavailable: '50%' }, 4, 4)).toBe(2);
    expect(disruptionsAllowed({ minAvailable: 0 }, 0, 0)).toBe(0);
  });
});

describe('checkEviction', () => {
  const ready = { ready: true };
  const unready = { ready: false };

  it('always allows without a budget, as the API server does', () => {
    expect(checkEviction(undefined, ready, 3, 0)).toEqual({ allowed: true });
  });

  it('lets a ready pod go only while a disruption is allowed, with the 429 text otherwise', () => {
    expect(checkEviction({ minAvailable: 2 }, ready, 3, 3)).toEqual({ allowed: true });
    expect(checkEviction({ minAvailable: 2 }, ready, 3, 2)).toEqual({
      allowed: false,
      reason:
        "429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget " +
        '(minAvailable 2 needs 2 healthy pods and has 2 currently)',
    });
  });

  it('lets an unready pod go while the budget is met (IfHealthyBudget), not once it is broken', () => {
    expect(checkEviction({ minAvailable: 2 }, unready, 3, 2).allowed).toBe(true);
    expect(checkEviction({ minAvailable: 2 }, unready, 3, 1).allowed).toBe(false);
    expect(checkEviction({ maxUnavailable: 0 }, unready, 3, 3).allowed).toBe(true);
  });
});
