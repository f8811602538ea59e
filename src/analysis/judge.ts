import type { PhaseCounts, RunResult, Slo, Verdict } from '../core/run-result.js';
import { judgedFromMs, phaseCounts } from './phases.js';
import { evaluateSlo, ZERO_DOWNTIME } from './slo.js';

/** What a run is judged by: the warmup it excuses and the SLO it must meet. */
export interface RunJudging {
  warmupMs: number;
  slo: Slo;
}

/** What `judgeRun` reads of a result: what was measured, not what was concluded. */
export type RunMeasurements = Pick<RunResult, 'buckets' | 'timeline' | 'summary' | 'settings'>;

interface AsRunJudging {
  warmupMs?: number;
  slo?: Slo;
}

/** The warmup and SLO from the scenario the result recorded (none stated: zero downtime, as the run applies). */
export function judgingOf(result: Pick<RunResult, 'scenario'>): RunJudging {
  const asRun = (result.scenario.asRun ?? {}) as AsRunJudging;
  const slo = asRun.slo && Object.keys(asRun.slo).length > 0 ? asRun.slo : ZERO_DOWNTIME;
  return { warmupMs: asRun.warmupMs ?? 0, slo };
}

/**
 * The run's phases (warmup, steady, each action, cooldown) with their counts, and the verdict on everything after
 * the warmup — from the measurements alone, so a saved result is judged again exactly as when it was written. Pure.
 */
export function judgeRun(result: RunMeasurements, judging: RunJudging): { phases: PhaseCounts[]; verdict: Verdict } {
  const endMs = result.summary.durationMs;
  const { bucketMs } = result.settings;
  return {
    phases: phaseCounts(result.buckets, result.timeline, judging.warmupMs, endMs, bucketMs),
    verdict: evaluateSlo(result.buckets, judging.slo, judgedFromMs(judging.warmupMs, bucketMs), endMs),
  };
}

/** The result with its phases and verdict computed afresh from its measurements and recorded scenario. */
export function judged(result: RunResult): RunResult {
  return { ...result, ...judgeRun(result, judgingOf(result)) };
}
