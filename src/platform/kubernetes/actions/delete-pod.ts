import { InvalidInputError, PlatformError } from '../../../core/errors.js';
import type { ActionContext } from '../action-context.js';
import type { ActionPods } from '../action-pods.js';
import { isPodReady } from '../pod-events.js';

/** `random`: one of the Deployment's running, ready pods, picked at random; else the pod named. */
function chooseVictim(pods: ActionPods, wanted: string): string {
  if (wanted !== 'random') {
    if (pods.get(wanted) === undefined) {
      // The scenario names a pod that is not there: the user's input, as on the local platform.
      const names = pods.running().map((pod) => pod.metadata?.name ?? '');
      throw new InvalidInputError(`deletePod: no pod "${wanted}" among the Deployment's pods`, {
        code: 'NO_SUCH_POD',
        hint: `its pods now: ${names.join(', ') || 'none'} (or write pod: random)`,
      });
    }
    return wanted;
  }
  const candidates = pods.running().filter((pod) => pod.status?.phase === 'Running' && isPodReady(pod));
  const chosen = candidates[Math.floor(Math.random() * candidates.length)];
  if (chosen === undefined) throw new PlatformError('no running pod to delete', { code: 'ACTION_REFUSED' });
  return chosen.metadata?.name ?? '';
}

/**
 * Deletes one pod with its own grace period (no `gracePeriodSeconds`: the apiserver takes the pod's
 * terminationGracePeriodSeconds, as `kubectl delete pod` does) and waits for its replacement to be Ready.
 */
export async function deletePod(
  context: ActionContext,
  wanted: string,
  pods: ActionPods,
  signal: AbortSignal,
): Promise<string> {
  const name = chooseVictim(pods, wanted);
  await context.clients.core.deleteNamespacedPod({ name, namespace: context.namespace });
  context.setActivity(`waiting for a replacement of ${name} to be ready`);
  await pods.replacementReady(signal);
  return name;
}
