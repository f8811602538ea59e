import type { Comparison } from '../analysis/compare.js';
import { compareHeadline, compareWindowTable, thresholdsLine } from './compare-rows.js';
import { plainTable } from './table.js';

/** Baseline → candidate per window: requests, failures, latency percentiles of successes, and the tests' p-values. */
export function renderCompare(comparison: Comparison): string {
  const { header, numeric, rows } = compareWindowTable(comparison);
  const table = plainTable(
    header,
    numeric.map((right) => (right ? 'right' : 'left')),
  );
  table.push(...rows);
  return [
    'Baseline → candidate; latency of successful requests; p: one-sided tests that the candidate fails more',
    '(two proportions) or is slower (Kolmogorov–Smirnov on the histograms merged per window):',
    table.toString(),
    thresholdsLine(comparison),
    compareHeadline(comparison),
    '',
  ].join('\n');
}
