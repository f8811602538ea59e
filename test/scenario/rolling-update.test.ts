import { describe, expect, it } from 'vitest';
import { resolveRollingUpdate } from '../../src/scenario/index.js';

describe('resolveRollingUpdate', () => {
  // Worked examples of the Deployment controller's rounding: maxSurge up, maxUnavailable down.
  it.each([
    [3, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [10, '25%', '25%', 3, 2],
    [3, '100%', 0, 3, 0],
    [1, '25%', '25%', 1, 0],
    [3, 1, 0, 1, 0],
    [5, 0, '50%', 0, 2],
  ] as const)(
    '%d replicas, maxSurge %s, maxUnavailable %s → %d / %d',
    (replicas, maxSurge, maxUnavailable, surge, unavailable) => {
      expect(resolveRollingUpdate(replicas, { maxSurge, maxUnavailable })).toEqual({
        maxSurge: surge,
        maxUnavailable: unavailable,
      });
    },
  );

  it('rejects 0 / 0, written or rounded down', () => {
    expect(() => resolveRollingUpdate(3, { maxSurge: 0, maxUnavailable: 0 })).toThrow(
      'maxSurge 0 and maxUnavailable 0 both resolve to 0 pods with 3 replicas',
    );
    expect(() => resolveRollingUpdate(3, { maxSurge: '0%', maxUnavailable: '25%' })).toThrow(RangeError);
  });

  it('rejects a string that is no percentage', () => {
    expect(() => resolveRollingUpdate(3, { maxSurge: 'x%' as `${number}%`, maxUnavailable: 0 })).toThrow(
      'maxSurge: "x%" is not a percentage',
    );
  });
});
