import type { ComparisonColumn } from '../analysis/comparison.js';
import { formatCount, formatMs, formatPercent } from './format.js';
import { plainTable } from './table.js';

const cells = (column: ComparisonColumn): string[] => [
  `${column.preStopSeconds} s`,
  `${column.terminationGracePeriodSeconds} s`,
  formatCount(column.requests),
  formatCount(column.failed),
  formatPercent(column.failed, column.requests),
  formatMs(column.p99Ms),
  column.passed ? 'PASS' : 'FAIL',
];

/** Before / after, side by side (`run --verify`); every figure over each run's judged window. */
export function renderComparison(before: ComparisonColumn, after: ComparisonColumn): string {
  const table = plainTable(['', 'before', 'after'], ['left', 'right', 'right']);
  const labels = [
    'preStop sleep',
    'terminationGracePeriod',
    'requests judged',
    'failed',
    'error rate',
    'p99 ms of successes',
    'verdict',
  ];
  const [a, b] = [cells(before), cells(after)];
  labels.forEach((label, i) => {
    table.push([label, a[i] ?? '', b[i] ?? '']);
  });
  return `\nBefore / after applying the recommendation:\n${table.toString()}\n`;
}
