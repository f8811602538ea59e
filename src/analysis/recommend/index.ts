import type { RunResult } from '../../core/run-result.js';
import { type Attribution, attributeFailures } from '../attribution.js';
import { type DrainLag, measureDrainLag } from '../drain-lag.js';
import { recommendTermination, type TerminationRecommendation } from './prestop.js';
import { type ResourceRecommendations, recommendResources } from './resources.js';

/** Everything rollbench concludes from a run, recomputable from its result.json alone. */
export interface RunAnalysis {
  attribution: Attribution;
  drainLag: DrainLag;
  /** Absent when no pod was terminated during the run (nothing to measure). */
  termination: TerminationRecommendation | undefined;
  /** Requests / limits from the sampled usage; absent when the run has no samples. */
  resources: ResourceRecommendations | undefined;
}

interface AsRunTarget {
  target?: { lifecycle?: { preStop?: { sleep?: { seconds?: number } } }; terminationGracePeriodSeconds?: number };
}

/** Analyses a run. Pure: needs only the result, never the platform. */
export function analyseRun(result: RunResult): RunAnalysis {
  const drainLag = measureDrainLag(result);
  const target = (result.scenario.asRun as AsRunTarget | undefined)?.target;
  const current = {
    preStopSeconds: target?.lifecycle?.preStop?.sleep?.seconds ?? 0,
    terminationGracePeriodSeconds: target?.terminationGracePeriodSeconds ?? 30,
  };
  return {
    attribution: attributeFailures(result),
    drainLag,
    termination: drainLag.pods.length > 0 ? recommendTermination(result, drainLag, current) : undefined,
    resources:
      result.resources && result.resources.samples.length > 0
        ? recommendResources({ samples: result.resources.samples, phases: result.phases })
        : undefined,
  };
}
