import { patchValues } from '../analysis/recommend/patch.js';
import type { TerminationRecommendation } from '../analysis/recommend/prestop.js';
import { RollbenchError } from '../core/errors.js';
import type { LocalTarget } from '../platform/index.js';
import type { RunSpec } from './spec.js';

/**
 * `--verify` changes the target between two runs: a local one's settings are the scenario's. Refused before the
 * first run for a cluster's Deployment, which rollbench does not patch yet.
 */
export function checkVerifiable(spec: RunSpec): asserts spec is RunSpec & { target: LocalTarget } {
  if (spec.target.platform === 'local') return;
  throw new RollbenchError('VERIFY_UNSUPPORTED', `--verify does not change a ${spec.target.platform} target yet`, {
    exit: 'usage',
    hint:
      'apply the patch `rollbench recommend <result.json> --patch-out p.yaml` writes ' +
      '(kubectl patch deployment <name> --patch-file p.yaml), then run again',
  });
}

/**
 * The same run with the recommended preStop and grace period applied (`--verify`): both to what executes and
 * to the scenario recorded in the result, so the second result says what it ran with.
 */
export function applyTermination(
  spec: RunSpec,
  rec: TerminationRecommendation,
): { spec: RunSpec; preStopSeconds: number; terminationGracePeriodSeconds: number } {
  checkVerifiable(spec);
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
