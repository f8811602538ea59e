import Table from 'cli-table3';
import { isFailure } from '../core/outcome.js';
import type { RunResult } from '../core/run-result.js';
import { formatCount, formatMs, formatPercent } from './format.js';

interface AsRun {
  target?: { lifecycle?: { preStop?: { sleep?: { seconds?: number } } }; terminationGracePeriodSeconds?: number };
}

function column(result: RunResult): string[] {
  const target = (result.scenario.asRun as AsRun).target;
  const { judged } = result.verdict;
  const successes = Object.entries(result.summary.outcomes).filter(([key]) => !isFailure(key));
  const p99Ms = Math.max(0, ...successes.map(([, stats]) => stats.p99Ms));
  return [
    `${target?.lifecycle?.preStop?.sleep?.seconds ?? 0} s`,
    `${target?.terminationGracePeriodSeconds ?? 30} s`,
    formatCount(judged.requests),
    formatCount(judged.failed),
    formatPercent(judged.failed, judged.requests),
    formatMs(p99Ms),
    result.verdict.passed ? 'PASS' : 'FAIL',
  ];
}

/** Before / after, side by side (`run --verify`). */
export function renderComparison(before: RunResult, after: RunResult): string {
  const table = new Table({
    head: ['', 'before', 'after'],
    colAligns: ['left', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const labels = [
    'preStop sleep',
    'terminationGracePeriod',
    'requests judged',
    'failed',
    'error rate',
    'p99 ms (successes)',
    'verdict',
  ];
  const [a, b] = [column(before), column(after)];
  labels.forEach((label, i) => {
    table.push([label, a[i] ?? '', b[i] ?? '']);
  });
  return `\nBefore / after applying the recommendation:\n${table.toString()}\n`;
}
