import type { RunAnalysis } from '../../analysis/recommend/index.js';
import type { ResourceAmounts } from '../../analysis/recommend/resources.js';
import { latencyPerOutcome, outcomeRates } from '../../analysis/series.js';
import { MEBIBYTE } from '../../core/quantity.js';
import type { LoadResult } from '../../core/result.js';
import type { CapacityResult, RunResult } from '../../core/run-result.js';
import type { TimelineEvent, TimelineEventType } from '../../core/timeline.js';

// The data the page's charts draw, in the units they show (x in seconds since the load started). It goes into the
// page as JSON, read by the page's script; every name in it is drawn as text (canvas text, textContent).

export interface Marker {
  atS: number;
  kind: TimelineEventType;
  label: string;
}

export interface LineSeries {
  label: string;
  values: Array<number | null>;
}

export type LatencyStat = 'p50' | 'p99' | 'max';

export interface RunChartData {
  kind: 'run';
  /** When the load ended, s: where every chart's time axis ends. */
  endS: number;
  markers: Marker[];
  /** Requests/s per outcome, stepped: one more x than buckets, so the last bucket has a width. */
  rate: { x: number[]; outcomes: Array<LineSeries & { failure: boolean }> };
  /** p50, p99 and max of each outcome (in the rate chart's order, so each keeps its colour), ms. */
  latency: { x: number[]; series: Array<LineSeries & { outcome: string; stat: LatencyStat }> };
  cpu?: { x: number[]; pods: LineSeries[]; limits: Array<{ label: string; value: number }> };
  memory?: { x: number[]; pods: LineSeries[]; limits: Array<{ label: string; value: number }> };
}

export interface CapacityChartData {
  kind: 'capacity';
  rps: number[];
  succeededRps: number[];
  p99Ms: number[];
}

export type ChartData = RunChartData | CapacityChartData;

/** The events a person looks for on the traffic charts. */
const MARKER_TEXT: Partial<Record<TimelineEventType, (event: TimelineEvent) => string>> = {
  'action-started': (event) => `${event.action ?? 'action'} started`,
  'action-finished': (event) => `${event.action ?? 'action'} finished`,
  'pod-terminating': (event) => `${event.pod ?? 'pod'} terminating`,
  'endpoint-removed': (event) => `${event.pod ?? 'pod'} endpoint removed`,
  'node-cordoned': (event) => `${event.node ?? 'node'} cordoned`,
  'eviction-refused': (event) => `eviction of ${event.pod ?? 'a pod'} refused`,
};

function markersOf(timeline: readonly TimelineEvent[]): Marker[] {
  return timeline.flatMap((event) => {
    const text = MARKER_TEXT[event.type];
    return text ? [{ atS: event.atMs / 1000, kind: event.type, label: text(event) }] : [];
  });
}

const seconds = (ms: number): number => Math.round(ms) / 1000;
const withLast = <T>(values: T[]): T[] => (values.length === 0 ? values : [...values, values.at(-1) as T]);

/** A load result, with what a run adds to it when it is one. */
type TimedResult = LoadResult & Partial<Pick<RunResult, 'timeline' | 'resources'>>;

function resourceSeries(
  result: TimedResult,
  read: (sample: { cpuMillicores: number; memoryBytes: number }) => number,
): { x: number[]; pods: LineSeries[] } {
  const samples = result.resources?.samples ?? [];
  const x = [...new Set(samples.map((sample) => seconds(sample.atMs)))].sort((a, b) => a - b);
  const index = new Map(x.map((value, i) => [value, i]));
  const pods = new Map<string, Array<number | null>>();
  for (const sample of samples) {
    const values = pods.get(sample.pod) ?? x.map(() => null);
    values[index.get(seconds(sample.atMs)) ?? 0] = Math.round(read(sample) * 10) / 10;
    pods.set(sample.pod, values);
  }
  return { x, pods: [...pods].map(([label, values]) => ({ label, values })) };
}

/** Recommended amounts as horizontal lines: each policy's request, and its limit where it sets one. */
function limitLines(analysis: RunAnalysis | undefined, amount: keyof ResourceAmounts, unit: (value: number) => number) {
  return (analysis?.resources?.containers ?? []).flatMap((container) =>
    [container.vpa, container.krr].flatMap((choice) =>
      (['requests', 'limits'] as const).flatMap((kind) => {
        const value = choice.resources[kind][amount];
        const label = `${choice.policy.toUpperCase()} ${kind === 'requests' ? 'request' : 'limit'}`;
        return value === undefined ? [] : [{ label: `${label} (${container.container})`, value: unit(value) }];
      }),
    ),
  );
}

/** Charts over time of a run (`analysis` draws the recommended resources) or of a load. */
export function runChartData(result: TimedResult, analysis?: RunAnalysis): RunChartData {
  const { bucketMs } = result.settings;
  const endMs = result.summary.durationMs;
  const rates = outcomeRates(result.buckets, bucketMs, endMs);
  const latency = latencyPerOutcome(
    result.buckets,
    rates.outcomes.map((outcome) => outcome.key),
  );
  const x = withLast(rates.startMs.map(seconds));
  if (x.length > 0) x[x.length - 1] = seconds(Math.min(endMs, (rates.startMs.at(-1) ?? 0) + bucketMs));
  const data: RunChartData = {
    kind: 'run',
    endS: seconds(endMs),
    markers: markersOf(result.timeline ?? []),
    rate: {
      x,
      outcomes: rates.outcomes.map((outcome) => ({
        label: outcome.key,
        failure: outcome.failure,
        values: withLast(outcome.rps),
      })),
    },
    latency: {
      x,
      series: latency.flatMap((outcome) =>
        (
          [
            ['p50', outcome.p50Ms],
            ['p99', outcome.p99Ms],
            ['max', outcome.maxMs],
          ] as const
        ).map(([stat, values]) => ({
          label: `${outcome.key} ${stat}`,
          outcome: outcome.key,
          stat,
          values: withLast(values),
        })),
      ),
    },
  };
  if ((result.resources?.samples.length ?? 0) > 0) {
    data.cpu = {
      ...resourceSeries(result, (s) => s.cpuMillicores),
      limits: limitLines(analysis, 'cpuMillicores', (v) => v),
    };
    data.memory = {
      ...resourceSeries(result, (s) => s.memoryBytes / MEBIBYTE),
      limits: limitLines(analysis, 'memoryBytes', (v) => Math.round((v / MEBIBYTE) * 10) / 10),
    };
  }
  return data;
}

export function capacityChartData(result: CapacityResult): CapacityChartData {
  return {
    kind: 'capacity',
    rps: result.steps.map((step) => step.rps),
    succeededRps: result.steps.map((step) => Math.round(step.load.summary.succeededRps * 10) / 10),
    p99Ms: result.steps.map((step) => step.successLatency.p99Ms),
  };
}
