import type { LoadResult } from '../core/result.js';
import type { Slo, Verdict } from '../core/run-result.js';
import { evaluateSlo, sloLimits } from './slo.js';

/** The verdict on a whole `rollbench load`; `nothingSucceeded` says why it failed with no threshold given. */
export interface LoadVerdict extends Verdict {
  nothingSucceeded: boolean;
}

/**
 * Judges a whole load (every bucket) against thresholds, the scenario's SLO type. With none given, a load in which
 * no request succeeded fails all the same: a target that refuses everything is not a pass. Pure.
 */
export function judgeLoad(result: LoadResult, thresholds: Slo): LoadVerdict {
  const verdict = evaluateSlo(result.buckets, thresholds, 0, result.buckets.length * result.settings.bucketMs);
  const nothingSucceeded = sloLimits(thresholds).length === 0 && verdict.judged.requests === verdict.judged.failed;
  return { ...verdict, passed: verdict.passed && !nothingSucceeded, nothingSucceeded };
}
