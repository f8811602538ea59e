import { type CapacityResult, type CapacityStep, stepPassed } from '../../core/run-result.js';
import { type QosClass, qosClass } from './qos.js';
import { krrStyle, type PolicyChoice } from './resources.js';

type SampledStep = CapacityStep & { resources: NonNullable<CapacityStep['resources']> };

/** What a capacity result supports: KRR-style resources at the highest rate that met the SLO. */
export interface CapacityRecommendation {
  /** The step the resources come from: its rate asked and achieved, rps, and the samples behind its figures. */
  step: { rps: number; succeededRps: number; samples: number };
  replicas: number;
  /** From one replica's CPU p95 and peak memory during the step, all replicas pooled. */
  krr: PolicyChoice;
  qosClass: QosClass;
  /** The capacity run's own sizing for the scenario's targetRps, if it had one. */
  sizing?: CapacityResult['sizing'];
}

/** A recommendation, or why the result cannot give one. */
export type CapacityAnalysis = { recommendation: CapacityRecommendation } | { unavailable: string };

/**
 * Requests/limits from a capacity run. It keeps per step only one replica's CPU p50 / p95 and peak memory, not
 * every sample: enough for KRR's policy (CPU request = p95, memory = max + 15 %), not for VPA's (p90 of CPU,
 * per-pod memory peaks). The step used is the highest rate that met the SLO and ran to its end (a step cut short
 * proves nothing about its rate) with samples. Pure.
 */
export function recommendFromCapacity(result: CapacityResult): CapacityAnalysis {
  const passing = result.steps.filter(stepPassed);
  if (passing.length === 0) {
    return { unavailable: 'no step met the SLO, so there is no rate to size resources for: try lower rates' };
  }
  const sampled = passing.filter((step): step is SampledStep => step.resources !== undefined);
  const step = sampled.sort((a, b) => b.rps - a.rps)[0];
  if (step === undefined) {
    return {
      unavailable: 'no step that met the SLO holds resource samples: make the steps longer than sampleInterval',
    };
  }
  const { resources } = step;
  const succeededRps = step.load.summary.succeededRps;
  const krr = krrStyle(
    { cpuP95Millicores: resources.cpuMillicoresP95, memoryMaxBytes: resources.memoryBytesMax },
    { rps: succeededRps, replicas: result.replicas, cpuP95Millicores: resources.cpuMillicoresP95 },
  );
  return {
    recommendation: {
      step: { rps: step.rps, succeededRps, samples: resources.samples },
      replicas: result.replicas,
      krr,
      qosClass: qosClass([krr.resources]),
      ...(result.sizing ? { sizing: result.sizing } : {}),
    },
  };
}
