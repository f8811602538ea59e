import type { PhaseCounts, RunResult, Slo, Verdict } from '../core/run-result.js';
import { evaluateSlo } from './slo.js';

export interface PhaseVerdict {
  phase: PhaseCounts;
  verdict: Verdict;
}

/** The SLO the run was judged against, as its checks state it (the limits are all a result keeps of it). */
function sloOfRun(result: RunResult): Slo {
  return Object.fromEntries(result.verdict.checks.map((check) => [check.name, check.limit]));
}

/**
 * The run's SLO judged on each phase after the warmup (steady, each disruption, cooldown) on its own, so a CI
 * report can say which part of the run broke it. Pure.
 */
export function phaseVerdicts(result: RunResult): PhaseVerdict[] {
  const slo = sloOfRun(result);
  return result.phases
    .filter((phase) => phase.name !== 'warmup')
    .map((phase) => ({ phase, verdict: evaluateSlo(result.buckets, slo, phase.fromMs, phase.toMs) }));
}
