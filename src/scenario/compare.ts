import * as z from 'zod';
import { errorRate } from './error-rate.js';
import { strictObject } from './strict-object.js';

/**
 * What `rollbench compare` and `run --baseline` call a regression of this scenario's runs; each key is also a
 * flag of `rollbench compare` (maxFailedRequestsIncrease ↔ --max-failed-requests-increase). Flags win.
 */
export const compareSchema = strictObject({
  maxFailedRequestsIncrease: z
    .int()
    .min(0)
    .optional()
    .meta({ description: 'failed requests a run may add to its baseline’s, in the judged window; default 0' }),
  maxErrorRateIncrease: errorRate()
    .optional()
    .meta({ description: 'rise of the error rate allowed: a fraction (0.001) or percentage points (0.1%)' }),
  p99IncreasePercent: z
    .number()
    .min(0)
    .optional()
    .meta({ description: 'rise of the p99 of successful requests allowed, % of the baseline’s; default 10' }),
  significance: z
    .number()
    .gt(0)
    .max(0.5)
    .optional()
    .meta({ description: 'a rise counts only when the tests give p below this; default 0.01' }),
});
