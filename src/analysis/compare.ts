import { ExitCode } from '../core/errors.js';
import { type Histogram, type OutcomeStats, outcomeStats } from '../core/histogram.js';
import { isFailure } from '../core/outcome.js';
import type { RunResult, WindowCounts } from '../core/run-result.js';
import {
  type CompareThresholds,
  DEFAULT_THRESHOLDS,
  resolveThresholds,
  scenarioThresholds,
} from './compare-thresholds.js';
import { moreFailuresTest, slowerTest } from './significance.js';
import { bucketsIn, countWindow, mergeOutcomes } from './windows.js';

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

/** Latency of the judged window's successful requests at a few percentiles, ms, for a chart. */
export interface LatencyCurve {
  percentiles: number[];
  baselineMs: Array<number | null>;
  candidateMs: Array<number | null>;
}

export interface Comparison {
  windows: WindowComparison[];
  latencyCurve: LatencyCurve;
  thresholds: CompareThresholds;
  /** Why the candidate regressed, one sentence each; empty when it did not. */
  regressions: string[];
}

function side(result: RunResult, fromMs: number, toMs: number): WindowSide & { successes: Histogram } {
  const successes = mergeOutcomes(bucketsIn(result.buckets, fromMs, toMs), (key) => !isFailure(key));
  return { counts: countWindow(result.buckets, fromMs, toMs), latency: outcomeStats(successes), successes };
}

const errorRate = (counts: WindowCounts): number => (counts.requests === 0 ? 0 : counts.failed / counts.requests);
/** A fraction as percentage points, 3 significant digits: 0.0123 → 1.23. */
const points = (fraction: number): number => Number((fraction * 100).toPrecision(3));

type Bounds = [fromMs: number, toMs: number];

function compareWindow(
  name: string,
  baseline: RunResult,
  baselineBounds: Bounds,
  candidate: RunResult,
  candidateBounds: Bounds,
): WindowComparison & { successes: [Histogram, Histogram] } {
  const a = side(baseline, ...baselineBounds);
  const b = side(candidate, ...candidateBounds);
  return {
    name,
    baseline: { counts: a.counts, latency: a.latency },
    candidate: { counts: b.counts, latency: b.latency },
    failuresPValue: moreFailuresTest(a.counts, b.counts),
    slowerPValue: slowerTest(a.successes, b.successes).pValue,
    successes: [a.successes, b.successes],
  };
}

const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

function latencyCurve([baseline, candidate]: [Histogram, Histogram]): LatencyCurve {
  const at = (histogram: Histogram) => (percentile: number) =>
    histogram.totalCount === 0 ? null : Math.round(histogram.getValueAtPercentile(percentile)) / 1000;
  return {
    percentiles: CURVE_PERCENTILES,
    baselineMs: CURVE_PERCENTILES.map(at(baseline)),
    candidateMs: CURVE_PERCENTILES.map(at(candidate)),
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
  const { successes, ...judged } = compareWindow(
    'judged',
    baseline,
    judgedBounds(baseline),
    candidate,
    judgedBounds(candidate),
  );
  const phases = baseline.phases.flatMap((phase): WindowComparison[] => {
    const other = candidate.phases.find((item) => item.name === phase.name);
    if (!other) return [];
    const { successes: _, ...window } = compareWindow(phase.name, baseline, [phase.fromMs, phase.toMs], candidate, [
      other.fromMs,
      other.toMs,
    ]);
    return [window];
  });
  return {
    windows: [judged, ...phases],
    latencyCurve: latencyCurve(successes),
    thresholds,
    regressions: regressionsOf(judged, thresholds),
  };
}

/**
 * `compareRuns` with the thresholds of the candidate's scenario (its `compare:` block, as run), overridden by
 * `overrides` (the command line), over the defaults. What `rollbench compare` and `run --baseline` judge by.
 */
export function compareWithBaseline(
  baseline: RunResult,
  candidate: RunResult,
  overrides: Partial<CompareThresholds> = {},
): Comparison {
  return compareRuns(baseline, candidate, resolveThresholds(scenarioThresholds(candidate.scenario.asRun), overrides));
}

/**
 * The exit code of a run judged against a baseline: a run that failed otherwise (its SLO: 4) keeps its code; one
 * that passed exits 6 when it regressed.
 */
export function exitCodeWithBaseline(runExitCode: number, comparison: Comparison): number {
  return runExitCode === ExitCode.ok && comparison.regressions.length > 0 ? ExitCode.regression : runExitCode;
}

/** Why the candidate regressed in the judged window: each change past its threshold that the tests find significant. */
function regressionsOf(judged: WindowComparison, thresholds: CompareThresholds): string[] {
  const regressions: string[] = [];
  const failedIncrease = judged.candidate.counts.failed - judged.baseline.counts.failed;
  if (failedIncrease > thresholds.maxFailedRequestsIncrease && judged.failuresPValue < thresholds.significance) {
    regressions.push(
      `${failedIncrease} more failed requests (${judged.baseline.counts.failed} → ${judged.candidate.counts.failed}, ` +
        `allowed +${thresholds.maxFailedRequestsIncrease}, p = ${judged.failuresPValue.toPrecision(2)})`,
    );
  }
  const rateBase = errorRate(judged.baseline.counts);
  const rateRise = errorRate(judged.candidate.counts) - rateBase;
  const maxRateRise = thresholds.maxErrorRateIncrease;
  if (maxRateRise !== undefined && rateRise > maxRateRise && judged.failuresPValue < thresholds.significance) {
    regressions.push(
      `error rate ${points(rateBase)} → ${points(rateBase + rateRise)} % (+${points(rateRise)} percentage points, ` +
        `allowed +${points(maxRateRise)}, p = ${judged.failuresPValue.toPrecision(2)})`,
    );
  }
  const p99Base = judged.baseline.latency.p99Ms;
  const p99Rise = p99Base > 0 ? ((judged.candidate.latency.p99Ms - p99Base) / p99Base) * 100 : 0;
  if (p99Rise > thresholds.p99IncreasePercent && judged.slowerPValue < thresholds.significance) {
    regressions.push(
      `p99 of successful requests ${p99Base} → ${judged.candidate.latency.p99Ms} ms (+${p99Rise.toFixed(0)} %, ` +
        `allowed +${thresholds.p99IncreasePercent} %, p = ${judged.slowerPValue.toPrecision(2)})`,
    );
  }
  return regressions;
}
