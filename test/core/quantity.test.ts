import { describe, expect, it } from 'vitest';
import { memoryQuantity, nanoQuantity } from '../../src/core/quantity.js';

describe('quantities as metrics-server writes them', () => {
  it('CPU nanocores in canonical decimal form', () => {
    expect(nanoQuantity(123_456_789)).toBe('123456789n');
    expect(nanoQuantity(5_000)).toBe('5u');
    expect(nanoQuantity(2_000_000)).toBe('2m');
    expect(nanoQuantity(1_000_000_000)).toBe('1');
    expect(nanoQuantity(1_500_000_000)).toBe('1500m');
    expect(nanoQuantity(0)).toBe('0');
    expect(nanoQuantity(7.4)).toBe('7n');
  });

  it('working-set bytes in canonical binary form', () => {
    expect(memoryQuantity(52_344 * 1024)).toBe('52344Ki');
    expect(memoryQuantity(64 * 1024 ** 2)).toBe('64Mi');
    expect(memoryQuantity(123_457)).toBe('123457');
  });
});
