import type { TerminationRecommendation } from './prestop.js';

/** The values a patch applies: never lower than what the run already had. */
export function patchValues(rec: TerminationRecommendation): {
  preStopSeconds: number;
  terminationGracePeriodSeconds: number;
} {
  const preStopSeconds = Math.max(rec.preStop.seconds, rec.current.preStopSeconds);
  return {
    preStopSeconds,
    terminationGracePeriodSeconds: Math.max(
      rec.terminationGracePeriod.seconds,
      rec.current.terminationGracePeriodSeconds,
    ),
  };
}

/**
 * A strategic-merge patch for the Deployment (`kubectl patch deployment <name> --patch-file …`). The sleep
 * action (`lifecycle.preStop.sleep`, beta in Kubernetes 1.30, GA in 1.34) needs no binary in the image; the exec
 * fallback for older clusters runs `sleep` inside the container, so the image must have one.
 */
export function deploymentPatch(
  rec: TerminationRecommendation,
  { containerName = 'app', action = 'sleep' }: { containerName?: string; action?: 'sleep' | 'exec' } = {},
): Record<string, unknown> {
  const { preStopSeconds, terminationGracePeriodSeconds } = patchValues(rec);
  const preStop =
    action === 'sleep'
      ? { sleep: { seconds: preStopSeconds } }
      : { exec: { command: ['sleep', String(preStopSeconds)] } };
  return {
    spec: {
      template: {
        spec: { terminationGracePeriodSeconds, containers: [{ name: containerName, lifecycle: { preStop } }] },
      },
    },
  };
}

/** The same change for a rollbench scenario file (local target). */
export function scenarioPatch(rec: TerminationRecommendation): Record<string, unknown> {
  const { preStopSeconds, terminationGracePeriodSeconds } = patchValues(rec);
  return { target: { lifecycle: { preStop: { sleep: { seconds: preStopSeconds } } }, terminationGracePeriodSeconds } };
}
