import * as z from 'zod';
import { DURATION_PATTERN, formatDurationMs, parseDurationMs } from '../core/duration.js';

// The pattern parseDurationMs itself uses goes into the JSON Schema, so editors flag a bad duration as it is typed.
export { DURATION_PATTERN };

export interface DurationLimits {
  /** Shortest accepted duration, ms (inclusive). Default 0. */
  minMs?: number;
  /** Reject a zero duration. */
  positive?: boolean;
  /** Shown by editors (JSON Schema `description`). */
  description?: string;
}

function parseError(text: string): string {
  try {
    parseDurationMs(text);
    return `"${text}" is not a duration`;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * A duration as users write it (`'500ms'`, `'10s'`, `'2m'`), parsed to milliseconds. A bare number is rejected
 * with parseDurationMs' own message ("has no unit; write e.g. 10s or 10ms"), since YAML reads `10` as a number.
 */
export function duration(limits: DurationLimits = {}) {
  const { minMs = 0, positive = false, description = 'a duration: 500ms, 10s, 2m, 1h' } = limits;
  return z
    .string({
      error: (issue) =>
        // A non-finite number (1e309, .nan) is left to the shared message, which says what YAML made of it.
        issue.code === 'invalid_type' && typeof issue.input === 'number' && Number.isFinite(issue.input)
          ? parseError(String(issue.input))
          : undefined,
    })
    .transform((text, ctx) => {
      let ms: number;
      try {
        ms = parseDurationMs(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message, input: text });
        return z.NEVER;
      }
      if (positive && ms === 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0ms', input: text });
      else if (ms < minMs) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${formatDurationMs(minMs)}`, input: text });
      }
      return ms;
    })
    .meta({ pattern: DURATION_PATTERN, description });
}
