import { createLatencyHistogram, encodeHistogram } from '../../src/core/histogram.js';
import type { Bucket, PodTotals } from '../../src/core/result.js';
import type { ActionRecord, CapacityResult, CapacityStep, RunResult } from '../../src/core/run-result.js';
import type { TimelineEvent } from '../../src/core/timeline.js';

/** A hand-built run result: only what analysis reads, every number chosen by the test. */
export function runResult(parts: {
  buckets: Bucket[];
  timeline: TimelineEvent[];
  pods?: Record<string, PodTotals>;
  actions?: ActionRecord[];
  bucketMs?: number;
  asRun?: unknown;
}): RunResult {
  let requests = 0;
  let failed = 0;
  for (const bucket of parts.buckets) {
    for (const [key, outcome] of Object.entries(bucket.outcomes)) {
      requests += outcome.count;
      if (!/^[23]\d\d$/.test(key)) failed += outcome.count;
    }
  }
  return {
    schemaVersion: 3,
    tool: { name: 'rollbench', version: 'test' },
    startedAt: '2026-01-01T00:00:00.000Z',
    settings: {
      url: 'http://127.0.0.1/',
      model: 'open',
      rps: 100,
      connections: 10,
      durationMs: 60_000,
      timeoutMs: 5000,
      bucketMs: parts.bucketMs ?? 1000,
      method: 'GET',
      histograms: true,
    },
    summary: {
      requests,
      failed,
      sentRps: 100,
      succeededRps: 100,
      durationMs: parts.buckets.length * (parts.bucketMs ?? 1000),
      drainMs: 0,
      lateSends: { over1Ms: 0, over10Ms: 0, maxMs: 0 },
      droppedSends: 0,
      unfinished: 0,
      outcomes: {},
      generator: { cpuUs: 0, cores: 2, cpuPercentOfCores: 0, maxRssBytes: 0 },
      stopReason: 'stopped',
      ...(parts.pods ? { pods: parts.pods } : {}),
    },
    buckets: parts.buckets,
    kind: 'run',
    scenario: { name: 'test', asRun: parts.asRun ?? {} },
    platform: { name: 'local', description: 'test' },
    timeline: parts.timeline,
    actions: parts.actions ?? [],
    phases: [],
    verdict: { passed: failed === 0, judged: { fromMs: 0, toMs: 0, requests, failed, outcomes: {} }, checks: [] },
  };
}

export const event = (atMs: number, type: TimelineEvent['type'], pod?: string): TimelineEvent => ({
  atMs,
  type,
  ...(pod ? { pod } : {}),
});

/** An encoded latency histogram holding these latencies, µs. */
export function encodedLatencies(latenciesUs: number[]): string {
  const histogram = createLatencyHistogram();
  for (const us of latenciesUs) histogram.recordValue(us);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}

/** A capacity step with only what analysis reads; `resources` per replica, as a capacity run records them. */
export function capacityStep(
  rps: number,
  passed: boolean,
  resources?: { cpuP95: number; memoryMax: number },
  stopReason: 'completed' | 'stopped' = 'completed',
): CapacityStep {
  return {
    rps,
    load: { summary: { succeededRps: rps * 0.99, stopReason } } as CapacityStep['load'],
    verdict: { passed, judged: { fromMs: 0, toMs: 0, requests: 0, failed: 0, outcomes: {} }, checks: [] },
    successLatency: { p50Ms: 1, p99Ms: 2, maxMs: 3 },
    ...(resources && {
      resources: {
        samples: 10,
        cpuMillicoresP50: resources.cpuP95 / 2,
        cpuMillicoresP95: resources.cpuP95,
        memoryBytesMax: resources.memoryMax,
      },
    }),
  };
}

/** A capacity run of 2 replicas over these steps, sized for 3000 rps. */
export function capacityResult(steps: CapacityStep[]): CapacityResult {
  return {
    schemaVersion: 3,
    kind: 'capacity',
    tool: { name: 'rollbench', version: 'test' },
    startedAt: '2026-01-01T00:00:00.000Z',
    scenario: { name: 'cap', asRun: {} },
    platform: { name: 'local', description: 'test' },
    replicas: 2,
    steps,
    sizing: { targetRps: 3000, rpsPerReplica: 250, replicas: 12 },
    timeline: [],
  };
}

/** A bucket of `count` requests per outcome, each taking `latencyMs`, with their histograms. */
export function latencyBucket(startMs: number, outcomes: Record<string, { count: number; latencyMs: number }>): Bucket {
  const encoded = Object.entries(outcomes).map(([key, { count, latencyMs }]) => {
    const histogram = createLatencyHistogram();
    histogram.recordValueWithCount(latencyMs * 1000, count);
    const outcome = { count, histogram: encodeHistogram(histogram) };
    histogram.destroy();
    return [key, outcome];
  });
  return { startMs, outcomes: Object.fromEntries(encoded) };
}
