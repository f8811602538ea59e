import type { V1Deployment } from '@kubernetes/client-node';
import { PlatformError, TargetError } from '../../core/errors.js';
import { goQuote } from './go-quote.js';

/** Where `kubectl rollout status` stands: `message` is kubectl's line, newline included. */
export interface RolloutStatus {
  done: boolean;
  message: string;
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** deploymentutil.TimedOutReason: the controller's reason once progressDeadlineSeconds has passed. */
const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

/**
 * Decides like kubectl's `DeploymentStatusViewer.Status` (kubectl pkg/polymorphichelpers/rollout_status.go):
 * the same checks in the same order and the same text byte for byte, so a user who knows
 * `kubectl rollout status` reads the same lines. `revision` > 0 requires the Deployment's
 * `deployment.kubernetes.io/revision` annotation to equal it (kubectl `--revision`).
 *
 * @throws PlatformError (ACTION_REFUSED) or TargetError (PROGRESS_DEADLINE_EXCEEDED) with kubectl's text when the progress deadline is exceeded, the revision differs, or the
 * revision annotation is not an integer.
 */
export function deploymentRolloutStatus(deployment: V1Deployment, revision = 0): RolloutStatus {
  const name = goQuote(deployment.metadata?.name ?? '');
  if (revision > 0) {
    const running = deploymentRevision(deployment);
    if (revision !== running) {
      throw new PlatformError(`desired revision (${revision}) is different from the running revision (${running})`, {
        code: 'ACTION_REFUSED',
      });
    }
  }
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  if (generation > (status.observedGeneration ?? 0)) {
    return { done: false, message: 'Waiting for deployment spec update to be observed...\n' };
  }
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === TIMED_OUT_REASON) {
    throw new TargetError(`deployment ${name} exceeded its progress deadline`, { code: 'PROGRESS_DEADLINE_EXCEEDED' });
  }
  const specReplicas = deployment.spec?.replicas;
  const replicas = status.replicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const waiting = `Waiting for deployment ${name} rollout to finish: `;
  if (specReplicas !== undefined && updated < specReplicas) {
    return { done: false, message: `${waiting}${updated} out of ${specReplicas} new replicas have been updated...\n` };
  }
  if (replicas > updated) {
    return { done: false, message: `${waiting}${replicas - updated} old replicas are pending termination...\n` };
  }
  if (available < updated) {
    return { done: false, message: `${waiting}${available} of ${updated} updated replicas are available...\n` };
  }
  return { done: true, message: `deployment ${name} successfully rolled out\n` };
}

/** deploymentutil.Revision: the annotation as an int64; absent → 0. */
function deploymentRevision(deployment: V1Deployment): number {
  const name = goQuote(deployment.metadata?.name ?? '');
  const value = deployment.metadata?.annotations?.[REVISION_ANNOTATION];
  if (value === undefined) return 0;
  // strconv.ParseInt(v, 10, 64): an optional sign and decimal digits, nothing else.
  if (!/^[+-]?\d+$/.test(value)) {
    throw new PlatformError(
      `cannot get the revision of deployment ${name}: strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`,
      { code: 'ACTION_REFUSED' },
    );
  }
  return Number(value);
}
