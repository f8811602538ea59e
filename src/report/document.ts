import { type PhaseVerdict, phaseVerdicts } from '../analysis/phase-slo.js';
import { type CapacityAnalysis, recommendFromCapacity } from '../analysis/recommend/capacity.js';
import { analyseRun, type RunAnalysis } from '../analysis/recommend/index.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';

/** What the file reports render: a result and everything analysis concludes from it, computed once. */
export type ReportDocument =
  | { kind: 'run'; result: RunResult; analysis: RunAnalysis; phases: PhaseVerdict[] }
  | { kind: 'capacity'; result: CapacityResult; analysis: CapacityAnalysis };

/** Analyses a result for the reports. Pure. */
export function reportDocument(result: RunResult | CapacityResult): ReportDocument {
  if (result.kind === 'capacity') return { kind: 'capacity', result, analysis: recommendFromCapacity(result) };
  return { kind: 'run', result, analysis: analyseRun(result), phases: phaseVerdicts(result) };
}
