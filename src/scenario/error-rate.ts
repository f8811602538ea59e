import * as z from 'zod';
import { PERCENT_PATTERN, parseErrorRate } from '../core/error-rate.js';

/** An error rate as `load --max-error-rate` takes it: a fraction (`0.001`) or a percentage (`'0.1%'`), parsed to 0..1. */
export function errorRate() {
  return z
    .union([
      z
        .number()
        .min(0)
        .max(1, {
          error: (issue) => `must be ≤ 1, a fraction of the requests; for a percentage write '${issue.input}%'`,
        }),
      z.string().regex(new RegExp(PERCENT_PATTERN), { error: 'expected a percentage, e.g. 0.1%' }),
    ])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      try {
        return parseErrorRate(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message, input: value });
        return z.NEVER;
      }
    });
}
