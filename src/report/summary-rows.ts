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

/** Drain lag per terminated pod; with EndpointSlice events (kubernetes), what the slice said next to it. */
function drainLagTable({ drainLag }: RunAnalysis): TextTable {
  const withSlice = drainLag.endpointSlice !== undefined;
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${formatCount(Math.round(value))} ms`);
  return {
    header: [
      'pod',
      'terminating',
      'last request',
      'drain lag',
      'measured from',
      ...(withSlice ? ['slice drain', 'propagation'] : []),
    ],
    numeric: [false, true, true, true, false, ...(withSlice ? [true, true] : [])],
    rows: drainLag.pods.map((pod) => [
      pod.pod,
      at(pod.terminatingAtMs),
      at(pod.lastRequestAtMs),
      ms(pod.lagMs),
      pod.source,
      ...(withSlice ? [ms(pod.endpointSlice?.lagMs), ms(pod.endpointSlice?.propagationMs)] : []),
    ]),
  };
}

/** The traffic-side drain lag in one line: `p50 992 ms, max 998 ms`. */
function drainLagFigures({ drainLag }: RunAnalysis): string {
  return `p50 ${formatCount(Math.round(drainLag.p50Ms))} ms, max ${formatCount(Math.round(drainLag.maxMs))} ms`;
}

/**
 * What the EndpointSlices said next to the traffic (kubernetes), in one sentence naming the table's two columns;
 * undefined without slice events. Propagation is the gap between them: the slice said stop, the traffic went on.
 */
function endpointSliceSentence({ drainLag }: RunAnalysis): string | undefined {
  const slice = drainLag.endpointSlice;
  if (slice === undefined) return undefined;
  const basis = slice.source === 'client' ? 'watch arrival times' : 'server timestamps, 1 s resolution';
  const ms = (value: number) => `${formatCount(Math.round(value))} ms`;
  const drain =
    slice.pods === 0 ? 'no endpoint left the slice during the run' : `p50 ${ms(slice.p50Ms)}, max ${ms(slice.maxMs)}`;
  return (
    `EndpointSlice (${basis}): slice drain (marked terminating → gone from the slice) ${drain}; ` +
    `propagation (traffic to a pod after that mark) up to ${ms(slice.propagationMaxMs)}: the proxies' delay`
  );
}

/** What every report shows of drain lag: the traffic-side figures, the EndpointSlice's sentence, the table. */
export interface DrainLagSection {
  figures: string;
  slice?: string;
  table: TextTable;
}

/** The drain-lag part of a report; undefined when no pod was terminated. */
export function drainLagSection(analysis: RunAnalysis): DrainLagSection | undefined {
  if (analysis.drainLag.pods.length === 0) return undefined;
  const slice = endpointSliceSentence(analysis);
  return {
    figures: drainLagFigures(analysis),
    ...(slice === undefined ? {} : { slice }),
    table: drainLagTable(analysis),
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
