import type { V1Deployment } from '@kubernetes/client-node';
import type { ActionContext } from '../action-context.js';
import type { ActionPods } from '../action-pods.js';
import { apiErrorMessage } from '../api-errors.js';
import { mergePatch } from '../client.js';
import { LiveCollection } from '../live-collection.js';

/** The Deployment's status has caught up with `replicas`: its ReplicaSets hold that many pods, all ready. */
function scaledTo(deployment: V1Deployment | undefined, replicas: number): boolean {
  if (deployment === undefined) return false;
  const observed = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const status = deployment.status;
  return observed && (status?.replicas ?? 0) === replicas && (status?.readyReplicas ?? 0) === replicas;
}

/** The Deployment watched by name, for actions that wait on its status. */
export function watchDeployment(context: ActionContext, signal: AbortSignal): Promise<LiveCollection<V1Deployment>> {
  const { clients, namespace, deployment } = context;
  const fieldSelector = `metadata.name=${deployment}`;
  return LiveCollection.open<V1Deployment>(
    {
      kubeConfig: clients.kubeConfig,
      openTimeoutMs: clients.requestTimeoutMs,
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      query: { fieldSelector },
      list: () => clients.apps.listNamespacedDeployment({ namespace, fieldSelector }),
      onError: (error) => context.onWarning(`watch deployment: ${apiErrorMessage(error)} (retrying)`),
      giveUpAfterMs: clients.requestTimeoutMs,
    },
    signal,
  );
}

/**
 * Scales through the `/scale` subresource with the merge patch `kubectl scale` sends, records the replicas it
 * started from for `restore()`, and waits until the Deployment holds that many pods, all ready.
 */
export async function scale(
  context: ActionContext,
  replicas: number,
  pods: ActionPods,
  signal: AbortSignal,
): Promise<void> {
  const { clients, namespace, deployment: name } = context;
  const current = await clients.apps.readNamespacedDeploymentScale({ name, namespace });
  context.ledger.scaledFrom(current.spec?.replicas ?? 0);
  const deployment = await watchDeployment(context, signal);
  try {
    await clients.apps.patchNamespacedDeploymentScale({ name, namespace, body: { spec: { replicas } } }, mergePatch);
    context.setActivity(`waiting for ${replicas} ready replicas`);
    await deployment.until(() => (scaledTo(deployment.items()[0], replicas) ? true : undefined), signal);
    // The Deployment counts a pod ready a moment before the pod watch may have delivered it: wait for both.
    await pods.live.until(() => (pods.running().length === replicas ? true : undefined), signal);
  } finally {
    await deployment.close();
  }
}
