import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { cpuMillicoresOf, memoryBytesOf, quantityNanos } from '../../../src/platform/kubernetes/quantity.js';

describe('cpuMillicoresOf (Quantity.MilliValue)', () => {
  const cases: Array<[string | number, number]> = [
    ['100m', 100],
    ['1', 1000],
    ['0.5', 500],
    ['.5', 500],
    ['1.', 1000],
    ['1.0001', 1001], // 1000.1 millicores round up
    ['250m', 250],
    ['123456789n', 124], // metrics-server's nanocores: 123.456789m → 124
    ['2000000n', 2],
    ['1n', 1],
    ['1u', 1],
    ['1500u', 2],
    ['0', 0],
    ['0m', 0],
    ['-0', 0],
    ['+2', 2000],
    ['-1', -1000],
    ['-1.5m', -2], // away from zero, like Go's int64 form
    ['1e3', 1_000_000],
    ['1E-3', 1],
    ['12E-1', 1200],
    ['1e+2', 100_000],
    ['1k', 1_000_000],
    ['1T', 1e15],
    [0.25, 250],
    [2, 2000],
  ];
  for (const [quantity, millicores] of cases) {
    it(`${JSON.stringify(quantity)} → ${millicores}`, () => {
      expect(cpuMillicoresOf(quantity)).toBe(millicores);
    });
  }
});

describe('memoryBytesOf (Quantity.Value)', () => {
  const cases: Array<[string, number]> = [
    ['1Mi', 1_048_576],
    ['64Mi', 67_108_864],
    ['52344Ki', 53_600_256],
    ['1.5Gi', 1_610_612_736],
    ['0.5Ki', 512],
    ['0.1Ki', 103], // 102.4 → 103
    ['1Ti', 2 ** 40],
    ['1Pi', 2 ** 50],
    ['128M', 128_000_000],
    ['1G', 1e9],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1e3', 1000],
    ['12E-1', 2], // 1.2 → 2
    ['123457', 123_457],
    ['1n', 1],
    ['1m', 1],
    ['999m', 1],
    ['1000m', 1],
    ['1001m', 2],
    ['-1', -1],
    ['-1.5', -2],
    ['0.1n', 1], // finer than nano: ParseQuantity rounds it to 1n first
    ['1e-30', 1],
  ];
  for (const [quantity, bytes] of cases) {
    it(`${quantity} → ${bytes}`, () => {
      expect(memoryBytesOf(quantity)).toBe(bytes);
    });
  }

  it('never drifts the way floats do: 0.1 three times is exactly 0.3', () => {
    const nanos = quantityNanos('0.1') * 3n;
    expect(nanos).toBe(quantityNanos('0.3'));
    expect(0.1 * 3).not.toBe(0.3);
    expect(cpuMillicoresOf('0.3')).toBe(300);
    expect(quantityNanos('1.0000000001')).toBe(1_000_000_001n); // below a nano: rounds up
    expect(quantityNanos('-1.0000000001')).toBe(-1_000_000_001n);
    expect(quantityNanos('1E')).toBe(10n ** 27n); // exa, not an exponent
    expect(quantityNanos('1Ei')).toBe(2n ** 60n * 1_000_000_000n);
  });
});

describe('invalid quantities', () => {
  const invalid = [
    '1.2.3',
    'Mi',
    '.',
    '-',
    '',
    '1 Ki',
    ' 1',
    '1 ',
    '1ki',
    '1K',
    '1KB',
    '1mi',
    '1e',
    '1Ee3',
    '1e3m',
    '.5i',
    '1i',
    '-3.01e-',
    '1.1.M',
    '1+1.0M',
    '0.1am',
    'aoeu',
    '0x10',
  ];
  for (const quantity of invalid) {
    it(JSON.stringify(quantity), () => {
      expect(() => cpuMillicoresOf(quantity)).toThrow(`invalid quantity "${quantity}"`);
      expect(() => memoryBytesOf(quantity)).toThrow(`invalid quantity "${quantity}"`);
    });
  }
  it('non-finite numbers', () => {
    expect(() => cpuMillicoresOf(Number.NaN)).toThrow('invalid quantity "NaN"');
  });
  it('values a number cannot hold exactly', () => {
    expect(() => memoryBytesOf('8Ei')).toThrow('quantity "8Ei" is too large to count in bytes exactly');
    expect(() => memoryBytesOf('1e400')).toThrow('quantity "1e400" is too large to count exactly');
    expect(cpuMillicoresOf('0e400')).toBe(0);
  });

  it('refuses with a typed error, invalid input (exit 3), whatever is wrong', () => {
    for (const parse of [() => cpuMillicoresOf('1 cpu'), () => memoryBytesOf('8Ei'), () => quantityNanos('1e400')]) {
      expect(parse).toThrow(InvalidInputError);
      expect(parse).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 3 }));
    }
  });
});
