import type { RunResult } from '../core/run-result.js';
import { terminationAsRun } from './termination-as-run.js';
import { successLatency } from './windows.js';

/** One run as a column of the before / after table of `run --verify`: all figures over its judged window. */
export interface ComparisonColumn {
  preStopSeconds: number;
  terminationGracePeriodSeconds: number;
  requests: number;
  failed: number;
  p99Ms: number;
  passed: boolean;
}

export function comparisonColumn(result: RunResult): ComparisonColumn {
  const { judged } = result.verdict;
  return {
    ...terminationAsRun(result),
    requests: judged.requests,
    failed: judged.failed,
    p99Ms: successLatency(result.buckets, judged.fromMs, judged.toMs).p99Ms,
    passed: result.verdict.passed && result.incomplete === undefined,
  };
}
