import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from '../../src/core/duration.js';
import { InvalidInputError } from '../../src/core/errors.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 3s ', 3000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('rejects a bare number, saying which units to add', () => {
    expect(() => parseDurationMs('10')).toThrow(/no unit; write e.g. 10s or 10ms/);
  });

  it.each(['5x', '', 's', '-1s', '1e3ms', '10 sec'])('rejects %j', (text) => {
    expect(() => parseDurationMs(text)).toThrow(/not a duration/);
  });

  it('refuses with a typed error, invalid input (exit 3), whose message is only what is wrong with the text', () => {
    for (const text of ['10', '5x']) {
      expect(() => parseDurationMs(text)).toThrow(InvalidInputError);
      expect(() => parseDurationMs(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', exitCode: 3 }));
    }
    expect(() => parseDurationMs('5x')).toThrow(/^"5x" is not a duration/);
  });

  it('formats back to the largest exact unit', () => {
    expect([120_000, 10_000, 1500, 250].map(formatDurationMs)).toEqual(['2m', '10s', '1500ms', '250ms']);
  });
});
