import { usageError } from '../../core/errors.js';
import type { CapacityResult, RunResult } from '../../core/run-result.js';
import type { ContainerSettings } from '../../core/workload.js';
import type { TerminationRecommendation } from './prestop.js';

/** A container a Deployment patch names, with the preStop it has now (the patch replaces that handler). */
export type PatchContainer = Pick<ContainerSettings, 'name' | 'preStop'>;

/** The name patches use when the result does not say (written before the workload was recorded). */
const FALLBACK_CONTAINER: PatchContainer = { name: 'app' };

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
 * The containers of the Deployment as the platform read it (`workload.before`): every one of them gets the
 * preStop, since every container of a terminating pod is sent SIGTERM at the same moment. `only` narrows to one;
 * a name the Deployment does not have is refused (exit 2) with the names it has. A result written before the workload was
 * recorded names `app`, as rollbench's sample app does.
 */
export function patchContainers(result: RunResult | CapacityResult, only?: string): PatchContainer[] {
  const containers = result.workload?.before.containers ?? [FALLBACK_CONTAINER];
  if (only === undefined) return containers.map(({ name, preStop }) => ({ name, ...(preStop ? { preStop } : {}) }));
  const found = containers.find((container) => container.name === only);
  if (found !== undefined) return [{ name: found.name, ...(found.preStop ? { preStop: found.preStop } : {}) }];
  if (result.workload === undefined) return [{ name: only }];
  throw usageError(
    `--container ${only}: no container of that name in ${result.workload.before.name}`,
    `its containers: ${containers.map((one) => one.name).join(', ')}`,
  );
}

/** The Deployment a result's workload is (`namespace/name` on kubernetes), if the result says. */
export function patchedDeployment(
  result: RunResult | CapacityResult,
): { namespace?: string; name: string } | undefined {
  const name = result.workload?.before.name;
  if (name === undefined) return undefined;
  const slash = name.indexOf('/');
  return slash < 0 ? { name } : { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}

type PreStopAction = 'sleep' | 'exec';

/**
 * A strategic merge keeps the handler a container already has beside the new one, which the API refuses (a
 * hook has one handler): the one it has is deleted (`null`) in the same patch.
 */
function replacedHandler(current: PatchContainer['preStop'], action: PreStopAction): Record<string, null> {
  if (current === undefined) return {};
  if ('sleepSeconds' in current) return action === 'sleep' ? {} : { sleep: null };
  if ('exec' in current) return action === 'exec' ? {} : { exec: null };
  return { httpGet: null };
}

/**
 * A strategic-merge patch for the Deployment (`kubectl patch deployment <name> --type strategic -p …`, or
 * `--patch-file`), naming the containers as the Deployment has them (merged by name). The sleep action
 * (`lifecycle.preStop.sleep`, beta in Kubernetes 1.30, GA in 1.34) needs no binary in the image; the exec
 * fallback for older clusters runs `sleep` inside the container, so the image must have one.
 */
export function deploymentPatch(
  rec: TerminationRecommendation,
  {
    containers = [FALLBACK_CONTAINER],
    action = 'sleep',
  }: { containers?: readonly PatchContainer[]; action?: PreStopAction } = {},
): Record<string, unknown> {
  const { preStopSeconds, terminationGracePeriodSeconds } = patchValues(rec);
  const handler =
    action === 'sleep'
      ? { sleep: { seconds: preStopSeconds } }
      : { exec: { command: ['sleep', String(preStopSeconds)] } };
  return {
    spec: {
      template: {
        spec: {
          terminationGracePeriodSeconds,
          containers: containers.map((container) => ({
            name: container.name,
            lifecycle: { preStop: { ...replacedHandler(container.preStop, action), ...handler } },
          })),
        },
      },
    },
  };
}

/** The same change for a rollbench scenario file (local target). */
export function scenarioPatch(rec: TerminationRecommendation): Record<string, unknown> {
  const { preStopSeconds, terminationGracePeriodSeconds } = patchValues(rec);
  return { target: { lifecycle: { preStop: { sleep: { seconds: preStopSeconds } } }, terminationGracePeriodSeconds } };
}
