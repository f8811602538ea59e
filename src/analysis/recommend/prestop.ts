import { isFailure } from '../../core/outcome.js';
import type { RunResult } from '../../core/run-result.js';
import type { DrainLag } from '../drain-lag.js';
import { mergeOutcomes } from '../windows.js';

/** One recommended number, with what it was computed from. */
export interface Derivation {
  seconds: number;
  formula: string;
  inputs: Record<string, number>;
}

export interface TerminationRecommendation {
  preStop: Derivation;
  terminationGracePeriod: Derivation;
  /** What the run used, for comparison. */
  current: { preStopSeconds: number; terminationGracePeriodSeconds: number };
  /** Pods measured (drain lag) and shutdowns measured (SIGTERM → exit). */
  evidence: { podsMeasured: number; shutdownsMeasured: number };
}

const MIN_PRESTOP_MARGIN_MS = 1000;
const PRESTOP_MARGIN_SHARE = 0.2;
const GRACE_MARGIN_MS = 2000;

/** SIGTERM → exit, per pod that got a SIGTERM and exited on its own (not SIGKILLed). */
function shutdownTimesMs(result: RunResult): number[] {
  const sigterm = new Map<string, number>();
  const killed = new Set(result.timeline.filter((event) => event.type === 'pod-killed').map((event) => event.pod));
  const times: number[] = [];
  for (const event of result.timeline) {
    if (event.pod === undefined) continue;
    if (event.type === 'sigterm-sent') sigterm.set(event.pod, event.atMs);
    const sent = sigterm.get(event.pod);
    if (event.type === 'pod-exited' && sent !== undefined && !killed.has(event.pod)) times.push(event.atMs - sent);
  }
  return times;
}

/**
 * preStop and terminationGracePeriodSeconds from what the run measured:
 *   preStop ≥ max drain lag + margin (the larger of 1 s and 20 % of the lag), rounded up to whole seconds;
 *   grace ≥ preStop + slowest in-flight request (p99.9 of successful requests) + measured shutdown time
 *           (slowest SIGTERM → exit) + 2 s margin, rounded up.
 * The margins cover run-to-run jitter of propagation; with one run, the maximum is all the evidence there is.
 */
export function recommendTermination(
  result: RunResult,
  drainLag: DrainLag,
  current: { preStopSeconds: number; terminationGracePeriodSeconds: number },
): TerminationRecommendation {
  const marginMs = Math.max(MIN_PRESTOP_MARGIN_MS, drainLag.maxMs * PRESTOP_MARGIN_SHARE);
  const preStopSeconds = Math.ceil((drainLag.maxMs + marginMs) / 1000);
  const successes = mergeOutcomes(result.buckets, (key) => !isFailure(key));
  const slowestRequestMs = successes.totalCount === 0 ? 0 : successes.getValueAtPercentile(99.9) / 1000;
  const shutdowns = shutdownTimesMs(result);
  const shutdownMs = Math.max(0, ...shutdowns);
  const graceSeconds = Math.ceil((preStopSeconds * 1000 + slowestRequestMs + shutdownMs + GRACE_MARGIN_MS) / 1000);
  const round = (ms: number) => Math.round(ms);
  return {
    preStop: {
      seconds: preStopSeconds,
      formula: 'ceil((max drain lag + max(1 s, 20 % of it)) / 1 s)',
      inputs: { maxDrainLagMs: round(drainLag.maxMs), p50DrainLagMs: round(drainLag.p50Ms), marginMs: round(marginMs) },
    },
    terminationGracePeriod: {
      seconds: graceSeconds,
      formula: 'ceil((preStop + p99.9 of successful requests + slowest SIGTERM→exit + 2 s) / 1 s)',
      inputs: {
        preStopMs: preStopSeconds * 1000,
        slowestRequestMs: round(slowestRequestMs),
        shutdownMs: round(shutdownMs),
        marginMs: GRACE_MARGIN_MS,
      },
    },
    current,
    evidence: { podsMeasured: drainLag.pods.length, shutdownsMeasured: shutdowns.length },
  };
}
