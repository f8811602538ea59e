import { InvalidInputError } from './errors.js';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The durations parseDurationMs reads, as a regular expression source (also the JSON Schema `pattern`). */
export const DURATION_PATTERN = '^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*$';
const durationRegExp = new RegExp(DURATION_PATTERN);

/**
 * Parses a duration as users write it — `500ms`, `10s`, `2m`, `1.5s`, `1h` — into milliseconds.
 * A bare number is rejected: a unit-less "10" is ambiguous between seconds and milliseconds.
 * @throws {InvalidInputError} (exit 3) naming what was wrong with the text, and nothing else: a caller that knows
 *   where the text came from (an option, a file:line) says so around it.
 */
export function parseDurationMs(text: string): number {
  const match = durationRegExp.exec(text);
  if (!match) {
    const bare = /^\s*\d+(?:\.\d+)?\s*$/.test(text);
    throw new InvalidInputError(
      bare
        ? `"${text}" has no unit; write e.g. ${text.trim()}s or ${text.trim()}ms`
        : `"${text}" is not a duration; use a number and a unit: ms, s, m or h (e.g. 500ms, 10s, 2m)`,
    );
  }
  const [, amount = '', unit = ''] = match;
  return Number(amount) * (unitMs[unit] ?? Number.NaN);
}

/** Formats milliseconds the way parseDurationMs reads them, picking the largest exact unit. */
export function formatDurationMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
