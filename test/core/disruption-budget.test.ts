import { describe, expect, it } from 'vitest';
import { type DisruptionBudget, desiredHealthy, disruptionsAllowed } from '../../src/core/disruption-budget.js';

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
