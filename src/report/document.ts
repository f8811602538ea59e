import { judgedCapacity } from '../analysis/capacity.js';
import { judged } from '../analysis/judge.js';
import { type PhaseVerdict, phaseVerdicts } from '../analysis/phase-slo.js';
import { type CapacityAnalysis, recommendFromCapacity } from '../analysis/recommend/capacity.js';
import { analyseRun, type RunAnalysis } from '../analysis/recommend/index.js';
import type { LoadResult } from '../core/result.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';

/** What the file reports render: a result and everything analysis concludes from it, computed once. */
export type ReportDocument =
  | { kind: 'run'; result: RunResult; analysis: RunAnalysis; phases: PhaseVerdict[] }
  | { kind: 'capacity'; result: CapacityResult; analysis: CapacityAnalysis }
  /** A `rollbench load --json` result: outcomes over time, no SLO and no platform events to analyse. */
  | { kind: 'load'; result: LoadResult };

/** What the reports call the result: its scenario's name, or the URL a load was sent to. */
export function reportTitle(doc: ReportDocument): string {
  return doc.kind === 'load' ? doc.result.settings.url : doc.result.scenario.name;
}

/**
 * Analyses a result for the reports: its verdicts judged afresh from what it measured (so a saved result reads
 * as it did when written), then everything concluded from them. Pure.
 */
export function reportDocument(saved: RunResult | CapacityResult | LoadResult): ReportDocument {
  if (!('kind' in saved)) return { kind: 'load', result: saved };
  if (saved.kind === 'capacity') {
    const result = judgedCapacity(saved);
    return { kind: 'capacity', result, analysis: recommendFromCapacity(result) };
  }
  const result = judged(saved);
  return { kind: 'run', result, analysis: analyseRun(result), phases: phaseVerdicts(result) };
}
