import type { PhaseVerdict } from '../analysis/phase-slo.js';
import type { RunAnalysis } from '../analysis/recommend/index.js';
import type { LoadSummary } from '../core/result.js';
import type { CapacityResult, CapacityStep } from '../core/run-result.js';
import { causeText } from './causes.js';
import { formatBytes, formatCount, formatMs, formatPercent, formatSeconds } from './format.js';
import { formatCheck } from './verdict-console.js';

// The tables the file reports share, as header + rows of plain text; each format escapes and lays them out.

export interface TextTable {
  header: string[];
  /** Columns holding numbers, aligned right. */
  numeric: boolean[];
  rows: string[][];
}

const at = (ms: number): string => formatSeconds(ms, 2);
// No-break spaces: a window is read as one value and should not wrap in a table cell.
const window = (fromMs: number, toMs: number): string => `${at(fromMs)}\u00a0–\u00a0${at(toMs)}`;

/** Outcomes of a phase, most frequent first: `200 ×380, 502 ×20`. */
export function outcomeList(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ×${formatCount(count)}`)
    .join(', ');
}

/** Per outcome over a whole load: count, share and latency percentiles. */
export function outcomeTable(summary: LoadSummary): TextTable {
  return {
    header: ['outcome', 'count', 'share', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
    numeric: [false, true, true, true, true, true, true],
    rows: Object.entries(summary.outcomes).map(([key, stats]) => [
      key,
      formatCount(stats.count),
      formatPercent(stats.count, summary.requests),
      formatMs(stats.p50Ms),
      formatMs(stats.p99Ms),
      formatMs(stats.p999Ms),
      formatMs(stats.maxMs),
    ]),
  };
}

export function phaseTable(phases: readonly PhaseVerdict[]): TextTable {
  return {
    header: ['phase', 'window', 'requests', 'failed', 'outcomes', 'SLO'],
    numeric: [false, false, true, true, false, false],
    rows: phases.map(({ phase, verdict }) => [
      phase.name,
      window(phase.fromMs, phase.toMs),
      formatCount(phase.requests),
      `${formatCount(phase.failed)} (${formatPercent(phase.failed, phase.requests)})`,
      outcomeList(phase.outcomes),
      verdict.checks.map((check) => formatCheck(check)).join('; '),
    ]),
  };
}

export function causeTable({ attribution }: RunAnalysis): TextTable {
  return {
    header: ['cause', 'failed', 'window', 'pods', 'during', 'meaning'],
    numeric: [false, true, false, false, false, false],
    rows: attribution.causes.map((group) => [
      group.cause,
      formatCount(group.count),
      window(group.fromMs, group.toMs),
      group.pods.join(', '),
      group.action ?? '',
      group.reason ?? causeText[group.cause].description,
    ]),
  };
}

export function drainLagTable({ drainLag }: RunAnalysis): TextTable {
  return {
    header: ['pod', 'terminating at', 'last request at', 'drain lag', 'measured from'],
    numeric: [false, true, true, true, false],
    rows: drainLag.pods.map((pod) => [
      pod.pod,
      at(pod.terminatingAtMs),
      at(pod.lastRequestAtMs),
      `${formatCount(Math.round(pod.lagMs))} ms`,
      pod.source,
    ]),
  };
}

/** A capacity step's rate asked and what succeeded, requests, failures and latency of successes: the first columns of its row. */
export function stepLoadCells(step: CapacityStep): string[] {
  const { summary } = step.load;
  return [
    `${formatCount(step.rps)} rps`,
    summary.succeededRps.toFixed(1),
    formatCount(summary.requests),
    `${formatCount(summary.failed)} (${formatPercent(summary.failed, summary.requests)})`,
    formatMs(step.successLatency.p50Ms),
    formatMs(step.successLatency.p99Ms),
    formatMs(step.successLatency.maxMs),
  ];
}

export function capacityTable(result: CapacityResult): TextTable {
  return {
    header: ['rate', 'succeeded rps', 'requests', 'failed', 'p50 ms', 'p99 ms', 'max ms', 'cpu p95', 'memory', 'SLO'],
    numeric: [true, true, true, true, true, true, true, true, true, false],
    rows: result.steps.map((step) => [
      ...stepLoadCells(step),
      step.resources ? `${step.resources.cpuMillicoresP95}m` : '–',
      step.resources ? formatBytes(step.resources.memoryBytesMax) : '–',
      step.verdict.checks.map((check) => formatCheck(check)).join('; '),
    ]),
  };
}
