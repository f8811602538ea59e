import { availableParallelism } from 'node:os';
import type { OutcomeStats } from '../core/histogram.js';
import { isFailure, type OutcomeKey } from '../core/outcome.js';
import { redactHeaders } from '../core/redact.js';
import {
  type Bucket,
  type LateSends,
  type LoadResult,
  type PodTotals,
  RESULT_SCHEMA_VERSION,
  type StopReason,
} from '../core/result.js';
import { version } from '../core/version.js';
import type { ResolvedLoadOptions } from './options.js';

export interface Measured {
  options: ResolvedLoadOptions;
  startedAt: Date;
  /** How long load was sent, ms. */
  durationMs: number;
  /** From the end of sending to the last outcome, ms (negative when that came before the nominal end). */
  drainMs: number;
  recorded: { buckets: Bucket[]; outcomes: Record<OutcomeKey, OutcomeStats>; pods: Record<string, PodTotals> };
  late: LateSends;
  /** Lateness as requests were written to connections; absent: not measured (no load ran). */
  lateWrites?: LateSends;
  /** The warm-up's requests (counted only when `options.warmupMs` > 0). */
  warmup?: { durationMs: number; outcomes: Record<OutcomeKey, OutcomeStats> };
  droppedSends: number;
  unfinished: number;
  stopReason: StopReason;
  /** CPU this process used from the start of the load to its last outcome, µs (process.cpuUsage). */
  cpu: NodeJS.CpuUsage;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** Assembles the LoadResult (the `--json` document) from what the engine measured. */
export function buildLoadResult(measured: Measured): LoadResult {
  const { options, recorded } = measured;
  const { requests, failed } = countOutcomes(recorded.outcomes);
  const warmup = measured.warmup ?? { durationMs: 0, outcomes: {} };
  const durationMs = Math.max(0, measured.durationMs);
  const drainMs = Math.max(0, measured.drainMs);
  const cpuUs = measured.cpu.user + measured.cpu.system;
  const cores = availableParallelism();
  const perSecond = (count: number) => (durationMs > 0 ? round((count * 1000) / durationMs, 1) : 0);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'rollbench', version },
    startedAt: measured.startedAt.toISOString(),
    settings: {
      url: options.url.href,
      model: options.model,
      ...(options.model === 'open' ? { rps: options.rps } : {}),
      ...(options.model === 'open' && options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
      connections: options.connections,
      durationMs: options.durationMs,
      ...(options.warmupMs > 0 ? { warmupMs: options.warmupMs } : {}),
      timeoutMs: options.timeoutMs,
      bucketMs: options.bucketMs,
      method: options.method,
      ...(Object.keys(options.headers).length > 0 ? { headers: redactHeaders(options.headers) } : {}),
      ...(options.maxRequestsPerConnection === undefined
        ? {}
        : { maxRequestsPerConnection: options.maxRequestsPerConnection }),
      httpClient: options.httpClient,
      histograms: options.histograms,
      ...(options.podHeaders.length > 0 ? { podHeaders: options.podHeaders } : {}),
    },
    summary: {
      requests,
      failed,
      sentRps: perSecond(requests + measured.unfinished),
      succeededRps: perSecond(requests - failed),
      durationMs: round(durationMs, 1),
      drainMs: round(drainMs, 1),
      lateSends: { ...measured.late, maxMs: round(measured.late.maxMs, 3) },
      ...(measured.lateWrites === undefined
        ? {}
        : { lateWrites: { ...measured.lateWrites, maxMs: round(measured.lateWrites.maxMs, 3) } }),
      droppedSends: measured.droppedSends,
      unfinished: measured.unfinished,
      outcomes: recorded.outcomes,
      generator: {
        cpuUs,
        cores,
        cpuPercentOfCores:
          durationMs + drainMs > 0 ? round((cpuUs / 1000 / ((durationMs + drainMs) * cores)) * 100, 1) : 0,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      },
      stopReason: measured.stopReason,
      ...(options.warmupMs > 0
        ? {
            warmup: {
              durationMs: round(Math.max(0, warmup.durationMs), 1),
              ...countOutcomes(warmup.outcomes),
              outcomes: warmup.outcomes,
            },
          }
        : {}),
      ...(options.podHeaders.length > 0 ? { pods: recorded.pods } : {}),
    },
    buckets: recorded.buckets,
  };
}

function countOutcomes(outcomes: Record<OutcomeKey, OutcomeStats>): { requests: number; failed: number } {
  let requests = 0;
  let failed = 0;
  for (const [key, stats] of Object.entries(outcomes)) {
    requests += stats.count;
    if (isFailure(key)) failed += stats.count;
  }
  return { requests, failed };
}
