import type { RunResult } from '../../core/run-result.js';
import { type Attribution, attributeFailures } from '../attribution.js';
import { type DrainLag, measureDrainLag } from '../drain-lag.js';
import { terminationAsRun } from '../termination-as-run.js';
import { deploymentPatch, patchContainers, patchedDeployment, scenarioPatch } from './patch.js';
import { recommendTermination, type TerminationRecommendation } from './prestop.js';
import { type ResourceRecommendations, recommendResources } from './resources.js';

/** Everything rollbench concludes from a run, recomputable from its result.json alone. */
export interface RunAnalysis {
  attribution: Attribution;
  drainLag: DrainLag;
  /** Absent when no pod was terminated during the run (nothing to measure). */
  termination: TerminationRecommendation | undefined;
  /**
   * The termination recommendation as patches: for the Deployment the run read (`deployment`; its containers by
   * name), with the sleep action and the exec fallback; and for the scenario file.
   */
  patches: RunPatches | undefined;
  /** Requests / limits from the sampled usage; absent when the run has no samples. */
  resources: ResourceRecommendations | undefined;
}

export interface RunPatches {
  deployment: { namespace?: string; name: string } | undefined;
  deploymentSleep: object;
  deploymentExec: object;
  scenario: object;
}

/** Analyses a run. Pure: needs only the result, never the platform. */
export function analyseRun(result: RunResult): RunAnalysis {
  const drainLag = measureDrainLag(result);
  const current = terminationAsRun(result);
  const termination = drainLag.pods.length > 0 ? recommendTermination(result, drainLag, current) : undefined;
  const containers = patchContainers(result);
  return {
    attribution: attributeFailures(result),
    drainLag,
    termination,
    patches: termination && {
      deployment: patchedDeployment(result),
      deploymentSleep: deploymentPatch(termination, { containers }),
      deploymentExec: deploymentPatch(termination, { containers, action: 'exec' }),
      scenario: scenarioPatch(termination),
    },
    resources:
      result.resources && result.resources.samples.length > 0
        ? recommendResources({ samples: result.resources.samples, phases: result.phases })
        : undefined,
  };
}
