import type { CapacityResult, RunResult } from '../../core/run-result.js';
import { judgedCapacity } from '../capacity.js';
import { judged } from '../judge.js';
import { type CapacityAnalysis, recommendFromCapacity } from './capacity.js';
import { analyseRun, type RunAnalysis } from './index.js';
import { deploymentPatch, patchContainers } from './patch.js';
import { toResourcesPatch } from './resources.js';

/** A Deployment patch to apply (strategic merge), or why there is none. */
export type DeploymentPatch = { patch: object } | { unavailable: string };

/** What `rollbench recommend` concludes from a result file: its analysis and the Deployment patch it writes. */
export type Recommendation =
  | { kind: 'run'; analysis: RunAnalysis; deployment: DeploymentPatch }
  | { kind: 'capacity'; analysis: CapacityAnalysis; deployment: DeploymentPatch };

export interface RecommendOptions {
  /**
   * Only this container in the Deployment patch (default: every container of the Deployment the run read; a
   * capacity run's: the first). A name the Deployment does not have is a UsageError (exit 2).
   */
  container?: string;
}

/**
 * `rollbench recommend` as a call: the result judged afresh from its measurements and the scenario it recorded
 * (a file written by an older rollbench, or with a verdict that no longer matches its numbers, reads as the run
 * would be judged now), then a run's termination and resource recommendations — or a capacity run's KRR-style
 * resources at the highest rate that met the SLO — with the Deployment patch. Pure.
 */
export function recommend(result: RunResult | CapacityResult, options: RecommendOptions = {}): Recommendation {
  if (result.kind === 'capacity') {
    const analysis = recommendFromCapacity(judgedCapacity(result));
    const container = patchContainers(result, options.container)[0]?.name ?? 'app';
    return {
      kind: 'capacity',
      analysis,
      deployment:
        'recommendation' in analysis
          ? { patch: toResourcesPatch(analysis.recommendation.krr, container) }
          : { unavailable: 'No requests/limits from this capacity run' },
    };
  }
  const containers = patchContainers(result, options.container);
  const analysis = analyseRun(judged(result));
  return {
    kind: 'run',
    analysis,
    deployment: analysis.termination
      ? { patch: deploymentPatch(analysis.termination, { containers }) }
      : { unavailable: 'No pod was terminated during this run' },
  };
}
