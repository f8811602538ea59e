import * as z from 'zod';
import { MAX_RATE_HINT, MAX_RATE_RPS } from '../core/load-limits.js';

/** A rate one rollbench process can send, rps: load.rate and the capacity steps take the same bound. */
export function rate() {
  return z
    .number()
    .positive()
    .max(MAX_RATE_RPS, { error: `must be at most ${MAX_RATE_RPS} rps: ${MAX_RATE_HINT}` });
}
