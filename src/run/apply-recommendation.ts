import { patchValues } from '../analysis/recommend/patch.js';
import type { TerminationRecommendation } from '../analysis/recommend/prestop.js';
import type { LocalTarget } from '../platform/index.js';
import type { RunSpec } from './spec.js';

/**
 * The same run with the recommended preStop and grace period applied, on a local target whose settings are the
 * scenario's: both to what executes and to the scenario recorded in the result, so the second result says what
 * it ran with.
 */
export function applyTermination(
  spec: RunSpec & { target: LocalTarget },
  rec: TerminationRecommendation,
): { spec: RunSpec; preStopSeconds: number; terminationGracePeriodSeconds: number } {
  const values = patchValues(rec);
  const asRun = structuredClone(spec.asRun) as { target?: Record<string, unknown> };
  if (asRun.target) {
    asRun.target.lifecycle = { preStop: { sleep: { seconds: values.preStopSeconds } } };
    asRun.target.terminationGracePeriodSeconds = values.terminationGracePeriodSeconds;
  }
  return {
    ...values,
    spec: {
      ...spec,
      asRun,
      target: {
        ...spec.target,
        termination: {
          preStopMs: values.preStopSeconds * 1000,
          gracePeriodMs: values.terminationGracePeriodSeconds * 1000,
        },
      },
    },
  };
}
