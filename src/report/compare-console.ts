import type { Comparison, WindowSide } from '../analysis/compare.js';
import { formatCount, formatMs } from './format.js';
import { plainTable } from './table.js';

const pair = (a: number, b: number, format: (value: number) => string): string => `${format(a)} → ${format(b)}`;
const latency = (a: WindowSide, b: WindowSide, key: 'p50Ms' | 'p99Ms' | 'p999Ms'): string =>
  pair(a.latency[key], b.latency[key], formatMs);

/** The one line a CI log shows: regression or not, and why. */
export function compareHeadline(comparison: Comparison): string {
  return comparison.regressions.length > 0
    ? `REGRESSION: ${comparison.regressions.join('; ')}`
    : 'NO REGRESSION: no increase in failures or p99 beyond the thresholds that the tests find significant';
}

/** Baseline → candidate per window: requests, failures, latency percentiles of successes, and the tests' p-values. */
export function renderCompare(comparison: Comparison): string {
  const table = plainTable(
    ['window', 'requests', 'failed', 'p50 ms', 'p99 ms', 'p99.9 ms', 'p failed', 'p slower'],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  for (const window of comparison.windows) {
    const { baseline: a, candidate: b } = window;
    table.push([
      window.name,
      pair(a.counts.requests, b.counts.requests, formatCount),
      pair(a.counts.failed, b.counts.failed, formatCount),
      latency(a, b, 'p50Ms'),
      latency(a, b, 'p99Ms'),
      latency(a, b, 'p999Ms'),
      window.failuresPValue.toPrecision(2),
      window.slowerPValue.toPrecision(2),
    ]);
  }
  const { thresholds } = comparison;
  return [
    'Baseline → candidate; latency of successful requests; p: one-sided tests that the candidate fails more',
    '(two proportions) or is slower (Kolmogorov–Smirnov on the histograms merged per window):',
    table.toString(),
    `Thresholds: failed requests +${thresholds.maxFailedRequestsIncrease}, p99 +${thresholds.p99IncreasePercent} %, ` +
      `significance ${thresholds.alpha}`,
    compareHeadline(comparison),
    '',
  ].join('\n');
}
