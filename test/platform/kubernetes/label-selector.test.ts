import { describe, expect, it } from 'vitest';
import { selectorMatches } from '../../../src/platform/kubernetes/label-selector.js';

describe('selectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };
  const cases: Array<[string, Parameters<typeof selectorMatches>[0], boolean]> = [
    ['no selector matches nothing', undefined, false],
    ['an empty selector matches everything', {}, true],
    ['matchLabels, all equal', { matchLabels: { app: 'web' } }, true],
    ['matchLabels, one differs', { matchLabels: { app: 'web', tier: 'back' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, true],
    ['In, label absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    ['NotIn, label absent', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn, value listed', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['an unknown operator', { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => {
      expect(selectorMatches(selector, labels)).toBe(expected);
    });
  }
});
