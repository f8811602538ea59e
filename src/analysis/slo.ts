import { isFailure } from '../core/outcome.js';
import type { Bucket } from '../core/result.js';
import type { Slo, SloCheck, Verdict } from '../core/run-result.js';
import { bucketsIn, countWindow, mergeOutcomes } from './windows.js';

/** The default when a scenario states no SLO: the question rollbench exists to answer. */
export const ZERO_DOWNTIME: Slo = { maxFailedRequests: 0 };

/** Judges the buckets from `fromMs` on against the SLO. Pure. */
export function evaluateSlo(buckets: readonly Bucket[], slo: Slo, fromMs: number, toMs: number): Verdict {
  const judged = countWindow(buckets, fromMs, toMs);
  const checks: SloCheck[] = [];
  if (slo.maxFailedRequests !== undefined) {
    checks.push(check('maxFailedRequests', slo.maxFailedRequests, judged.failed));
  }
  if (slo.maxErrorRate !== undefined) {
    const rate = judged.requests === 0 ? 0 : judged.failed / judged.requests;
    checks.push(check('maxErrorRate', slo.maxErrorRate, Number(rate.toFixed(6))));
  }
  if (slo.p99Ms !== undefined) {
    const successes = mergeOutcomes(bucketsIn(buckets, fromMs, toMs), (key) => !isFailure(key));
    const p99Ms = successes.totalCount === 0 ? 0 : successes.getValueAtPercentile(99) / 1000;
    checks.push(check('p99Ms', slo.p99Ms, Number(p99Ms.toFixed(3))));
  }
  return { passed: checks.every((item) => item.passed), judged, checks };
}

function check(name: keyof Slo, limit: number, measured: number): SloCheck {
  return { name, limit, measured, passed: measured <= limit };
}
