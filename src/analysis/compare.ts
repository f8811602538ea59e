import { type Histogram, type OutcomeStats, outcomeStats } from '../core/histogram.js';
import { isFailure } from '../core/outcome.js';
import type { RunResult, WindowCounts } from '../core/run-result.js';
import { moreFailuresTest, slowerTest } from './significance.js';
import { bucketsIn, countWindow, mergeOutcomes } from './windows.js';

/** What counts as a regression; a change must also be significant (p < `alpha`) to count. */
export interface CompareThresholds {
  /** More failed requests than the baseline allowed in the judged window (default 0). */
  maxFailedRequestsIncrease: number;
  /** Largest rise of the p99 of successful requests, % of the baseline's (default 10). */
  p99IncreasePercent: number;
  /** Significance level of the tests (default 0.01). */
  alpha: number;
}

export const DEFAULT_THRESHOLDS: CompareThresholds = {
  maxFailedRequestsIncrease: 0,
  p99IncreasePercent: 10,
  alpha: 0.01,
};

export interface WindowSide {
  counts: WindowCounts;
  /** Latency of the successful requests, all success outcomes merged. */
  latency: OutcomeStats;
}

export interface WindowComparison {
  /** `judged` (what the verdict judged), or a phase both runs had. */
  name: string;
  baseline: WindowSide;
  candidate: WindowSide;
  /** p of "the candidate fails more often", and of "the candidate's successes are slower" (one-sided). */
  failuresPValue: number;
  slowerPValue: number;
}

export interface Comparison {
  windows: WindowComparison[];
  thresholds: CompareThresholds;
  /** Why the candidate regressed, one sentence each; empty when it did not. */
  regressions: string[];
}

function side(result: RunResult, fromMs: number, toMs: number): WindowSide & { successes: Histogram } {
  const successes = mergeOutcomes(bucketsIn(result.buckets, fromMs, toMs), (key) => !isFailure(key));
  return { counts: countWindow(result.buckets, fromMs, toMs), latency: outcomeStats(successes), successes };
}

type Bounds = [fromMs: number, toMs: number];

function compareWindow(
  name: string,
  baseline: RunResult,
  baselineBounds: Bounds,
  candidate: RunResult,
  candidateBounds: Bounds,
): WindowComparison {
  const a = side(baseline, ...baselineBounds);
  const b = side(candidate, ...candidateBounds);
  return {
    name,
    baseline: { counts: a.counts, latency: a.latency },
    candidate: { counts: b.counts, latency: b.latency },
    failuresPValue: moreFailuresTest(a.counts, b.counts),
    slowerPValue: slowerTest(a.successes, b.successes).pValue,
  };
}

/**
 * Compares a candidate run with a baseline: per window (the judged one, then each phase both have), counts per
 * outcome and percentiles side by side, with a test on the merged histograms and on the failure counts. The
 * candidate regressed when, in the judged window, a change passes its threshold *and* is significant. Pure.
 */
export function compareRuns(
  baseline: RunResult,
  candidate: RunResult,
  thresholds: CompareThresholds = DEFAULT_THRESHOLDS,
): Comparison {
  const judgedBounds = (r: RunResult): Bounds => [r.verdict.judged.fromMs, r.verdict.judged.toMs];
  const judged = compareWindow('judged', baseline, judgedBounds(baseline), candidate, judgedBounds(candidate));
  const phases = baseline.phases.flatMap((phase) => {
    const other = candidate.phases.find((item) => item.name === phase.name);
    return other
      ? [compareWindow(phase.name, baseline, [phase.fromMs, phase.toMs], candidate, [other.fromMs, other.toMs])]
      : [];
  });
  const regressions: string[] = [];
  const failedIncrease = judged.candidate.counts.failed - judged.baseline.counts.failed;
  if (failedIncrease > thresholds.maxFailedRequestsIncrease && judged.failuresPValue < thresholds.alpha) {
    regressions.push(
      `${failedIncrease} more failed requests (${judged.baseline.counts.failed} → ${judged.candidate.counts.failed}, ` +
        `allowed +${thresholds.maxFailedRequestsIncrease}, p = ${judged.failuresPValue.toPrecision(2)})`,
    );
  }
  const p99Base = judged.baseline.latency.p99Ms;
  const p99Rise = p99Base > 0 ? ((judged.candidate.latency.p99Ms - p99Base) / p99Base) * 100 : 0;
  if (p99Rise > thresholds.p99IncreasePercent && judged.slowerPValue < thresholds.alpha) {
    regressions.push(
      `p99 of successful requests ${p99Base} → ${judged.candidate.latency.p99Ms} ms (+${p99Rise.toFixed(0)} %, ` +
        `allowed +${thresholds.p99IncreasePercent} %, p = ${judged.slowerPValue.toPrecision(2)})`,
    );
  }
  return { windows: [judged, ...phases], thresholds, regressions };
}
