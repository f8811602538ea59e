import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/core/duration.js';
import { DURATION_PATTERN } from '../../src/scenario/index.js';

function parses(text: string): boolean {
  try {
    parseDurationMs(text);
    return true;
  } catch {
    return false;
  }
}

describe('DURATION_PATTERN (what editors check)', () => {
  it.each([
    '500ms',
    '10s',
    '1.5s',
    '2m',
    '1h',
    ' 3s ',
    '0ms',
    '10',
    '',
    's',
    '-1s',
    '1e3ms',
    '10 sec',
    '5x',
    '1.s',
    '.5s',
  ])('agrees with parseDurationMs on %j', (text) => {
    expect(new RegExp(DURATION_PATTERN).test(text)).toBe(parses(text));
  });
});
