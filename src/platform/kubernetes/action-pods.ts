import type { V1Pod } from '@kubernetes/client-node';
import { apiErrorMessage } from './api-errors.js';
import type { KubeClients } from './client.js';
import { LiveCollection } from './live-collection.js';
import { isPodReady } from './pod-events.js';

/**
 * The Deployment's pods as an action sees them: those in service when it began, those created and those of the
 * first taken out of service (terminating or deleted) while it ran — what its ActionReport says it removed and
 * created.
 */
export class ActionPods {
  readonly created: string[] = [];
  readonly removed: string[] = [];

  private constructor(readonly live: LiveCollection<V1Pod>) {}

  static async open(
    clients: KubeClients,
    namespace: string,
    podSelector: string,
    signal: AbortSignal,
    onWarning: (message: string) => void,
  ): Promise<ActionPods> {
    let tracker: ActionPods | undefined;
    const initial = new Set<string>();
    const live = await LiveCollection.open<V1Pod>(
      {
        kubeConfig: clients.kubeConfig,
        openTimeoutMs: clients.requestTimeoutMs,
        path: `/api/v1/namespaces/${namespace}/pods`,
        query: { labelSelector: podSelector },
        list: () => clients.core.listNamespacedPod({ namespace, labelSelector: podSelector }),
        onError: (error) => onWarning(`watch pods: ${apiErrorMessage(error)} (retrying)`),
        giveUpAfterMs: clients.requestTimeoutMs,
        onChange: ({ previous, current, origin }) => {
          const name = (current ?? previous)?.metadata?.name ?? '';
          if (origin === 'initial') {
            // Only pods in service: one already terminating (a scale-down just before, say) was not this action's.
            if (current?.metadata?.deletionTimestamp == null) initial.add(name);
            return;
          }
          if (tracker === undefined) return;
          if (previous === undefined && current !== undefined && !tracker.created.includes(name)) {
            tracker.created.push(name);
          }
          const outOfService = current === undefined || current.metadata?.deletionTimestamp != null;
          if (outOfService && initial.has(name) && !tracker.removed.includes(name)) tracker.removed.push(name);
        },
      },
      signal,
    );
    tracker = new ActionPods(live);
    return tracker;
  }

  /** Pods not terminating. */
  running(): V1Pod[] {
    return this.live.items().filter((pod) => pod.metadata?.deletionTimestamp == null);
  }

  /** The pod called `name`, as last seen, if it is still there. */
  get(name: string): V1Pod | undefined {
    return this.live.items().find((pod) => pod.metadata?.name === name);
  }

  /** Resolves once some pod created during the action is Ready. */
  async replacementReady(signal: AbortSignal): Promise<string> {
    return this.live.until(
      () =>
        this.created.find((name) => {
          const pod = this.get(name);
          return pod !== undefined && pod.metadata?.deletionTimestamp == null && isPodReady(pod);
        }),
      signal,
    );
  }

  /**
   * Stops watching. With `catchUp` (an action that completed), lists the pods once more first: `rollout status`
   * can say done on the Deployment's watch before this watch has delivered the last old pod's termination.
   */
  async close({ catchUp = false } = {}): Promise<void> {
    await this.live.close({ catchUp });
  }
}
