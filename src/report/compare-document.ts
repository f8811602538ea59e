import type { Comparison } from '../analysis/compare.js';
import type { RunResult } from '../core/run-result.js';

/** Which run a side of a comparison is, for people: the file given, its scenario and when it ran. */
export interface RunLabel {
  file: string;
  scenario: string;
  startedAt: string;
}

/** What the compare reports render: the comparison and the two runs it is of. */
export interface CompareDocument {
  comparison: Comparison;
  baseline: RunLabel;
  candidate: RunLabel;
}

export function runLabel(file: string, result: RunResult): RunLabel {
  return { file, scenario: result.scenario.name, startedAt: result.startedAt };
}
