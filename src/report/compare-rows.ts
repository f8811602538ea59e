import type { Comparison, WindowSide } from '../analysis/compare.js';
import { formatCount, formatMs } from './format.js';
import type { TextTable } from './summary-rows.js';

// The tables of a comparison as plain text, baseline → candidate; the console, Markdown and HTML lay them out.

const pair = (a: number, b: number, format: (value: number) => string): string => `${format(a)} → ${format(b)}`;
const latency = (a: WindowSide, b: WindowSide, key: 'p50Ms' | 'p99Ms' | 'p999Ms'): string =>
  pair(a.latency[key], b.latency[key], formatMs);

/** Per window (judged, then each phase): requests, failures, latency of successes, and the tests' p-values. */
export function compareWindowTable(comparison: Comparison): TextTable {
  return {
    header: ['window', 'requests', 'failed', 'p50 ms', 'p99 ms', 'p99.9 ms', 'p failed', 'p slower'],
    numeric: [false, true, true, true, true, true, true, true],
    rows: comparison.windows.map(({ name, baseline: a, candidate: b, failuresPValue, slowerPValue }) => [
      name,
      pair(a.counts.requests, b.counts.requests, formatCount),
      pair(a.counts.failed, b.counts.failed, formatCount),
      latency(a, b, 'p50Ms'),
      latency(a, b, 'p99Ms'),
      latency(a, b, 'p999Ms'),
      failuresPValue.toPrecision(2),
      slowerPValue.toPrecision(2),
    ]),
  };
}

const signed = (value: number): string => (value > 0 ? `+${formatCount(value)}` : formatCount(value));

/** Requests per outcome in the judged window: baseline, candidate and the change, successes first. */
export function compareOutcomeTable(comparison: Comparison): TextTable {
  const judged = comparison.windows[0];
  const before = judged?.baseline.counts.outcomes ?? {};
  const after = judged?.candidate.counts.outcomes ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(
    (a, b) => (after[b] ?? 0) + (before[b] ?? 0) - (after[a] ?? 0) - (before[a] ?? 0),
  );
  return {
    header: ['outcome', 'baseline', 'candidate', 'change'],
    numeric: [false, true, true, true],
    rows: keys.map((key) => {
      const [a, b] = [before[key] ?? 0, after[key] ?? 0];
      return [key, formatCount(a), formatCount(b), signed(b - a)];
    }),
  };
}

/** The thresholds judged by, in one line. */
export function thresholdsLine({ thresholds }: Comparison): string {
  const rate = thresholds.maxErrorRateIncrease;
  return (
    `Thresholds: failed requests +${thresholds.maxFailedRequestsIncrease}, ` +
    (rate === undefined ? '' : `error rate +${Number((rate * 100).toPrecision(3))} points, `) +
    `p99 +${thresholds.p99IncreasePercent} %, significance ${thresholds.significance}`
  );
}

/** The one line a CI log shows: regression or not, and why. */
export function compareHeadline(comparison: Comparison): string {
  return comparison.regressions.length > 0
    ? `REGRESSION: ${comparison.regressions.join('; ')}`
    : 'NO REGRESSION: no increase in failures or p99 beyond the thresholds that the tests find significant';
}
