import type { V1Pod } from '@kubernetes/client-node';
import { PlatformError } from '../../../core/errors.js';
import type { ActionContext } from '../action-context.js';
import { apiErrorMessage, apiStatusOf, isNotFound } from '../api-errors.js';
import { strategicMerge } from '../client.js';
import { drainPodStatus, summarizeDrainDecisions } from '../drain-filters.js';
import { pause } from '../pause.js';

/** kubectl drain retries a refused eviction after 5 s, and checks every 1 s that an evicted pod is gone. */
export const EVICTION_RETRY_MS = 5000;
const GONE_POLL_MS = 1000;

const nameOf = (pod: V1Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** Every pod on the node, all namespaces, in chunks of 500 like kubectl. */
async function podsOnNode(context: ActionContext, node: string): Promise<V1Pod[]> {
  const pods: V1Pod[] = [];
  let next: string | undefined;
  do {
    const page = await context.clients.core.listPodForAllNamespaces({
      fieldSelector: `spec.nodeName=${node}`,
      limit: 500,
      ...(next === undefined ? {} : { _continue: next }),
    });
    pods.push(...page.items);
    next = page.metadata?._continue || undefined;
  } while (next !== undefined);
  return pods;
}

/** The pods `kubectl drain --ignore-daemonsets` evicts; fails with kubectl's lines when one cannot be. */
async function podsToEvict(context: ActionContext, node: string): Promise<V1Pod[]> {
  const { apps } = context.clients;
  const daemonSetExists = async (namespace: string, name: string) => {
    try {
      await apps.readNamespacedDaemonSet({ namespace, name });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  };
  const decisions = await Promise.all(
    (await podsOnNode(context, node)).map(async (pod) => ({
      pod,
      status: await drainPodStatus(pod, { ignoreDaemonSets: true, daemonSetExists }),
    })),
  );
  const summary = summarizeDrainDecisions(decisions.map(({ pod, status }) => ({ pod: nameOf(pod), status })));
  if (summary.errors.length > 0) {
    throw new PlatformError(`cannot drain node ${node}: ${summary.errors.join('; ')}`, { code: 'ACTION_REFUSED' });
  }
  if (summary.warnings !== '') context.onWarning(summary.warnings); // the prefix and '(warning)' are added where it is printed
  return decisions.filter(({ status }) => status.delete).map(({ pod }) => pod);
}

/**
 * Evicts one pod through the Eviction API like kubectl: 429 (the disruption budget, or the server busy) → again
 * after 5 s; 404 → already gone. Resolves with how long it was refused, ms.
 */
async function evict(context: ActionContext, pod: V1Pod, signal: AbortSignal): Promise<number> {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
  let blockedMs = 0;
  context.emit({ atMs: performance.now(), type: 'eviction-requested', pod: name, source: 'client' });
  for (;;) {
    signal.throwIfAborted();
    try {
      await context.clients.core.createNamespacedPodEviction({ name, namespace, body });
      return blockedMs;
    } catch (error) {
      if (isNotFound(error)) return blockedMs;
      if (apiStatusOf(error)?.code !== 429) throw error;
      const refusedMs = performance.now();
      const why = apiStatusOf(error)?.causes[0]?.message ?? apiErrorMessage(error);
      context.emit({ atMs: refusedMs, type: 'eviction-refused', pod: name, detail: why, source: 'client' });
      context.setActivity(`eviction of ${name} refused, retrying in 5 s: ${why}`);
      await pause(EVICTION_RETRY_MS, signal);
      blockedMs += performance.now() - refusedMs;
    }
  }
}

/** Polls every second, like kubectl, until the pod is NotFound or a pod of that name with another uid exists. */
async function waitGone(context: ActionContext, pod: V1Pod, signal: AbortSignal): Promise<void> {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  for (;;) {
    signal.throwIfAborted();
    try {
      const now = await context.clients.core.readNamespacedPod({ name, namespace });
      if (now.metadata?.uid !== pod.metadata?.uid) break;
    } catch (error) {
      if (isNotFound(error)) break;
      throw error;
    }
    await pause(GONE_POLL_MS, signal);
  }
  context.emit({ atMs: performance.now(), type: 'eviction-done', pod: name, source: 'client' });
}

/**
 * `kubectl drain <node> --ignore-daemonsets`: cordon (recorded for `restore()`, which uncordons), evict every pod
 * the filters allow in parallel, wait until each is gone. Resolves with the time evictions were refused, summed
 * over pods, ms.
 */
export async function drain(context: ActionContext, node: string, signal: AbortSignal): Promise<number> {
  const { core } = context.clients;
  const before = await core.readNode({ name: node });
  if (before.spec?.unschedulable !== true) {
    context.ledger.cordoned(node);
    await core.patchNode({ name: node, body: { spec: { unschedulable: true } } }, strategicMerge);
  }
  const pods = await podsToEvict(context, node);
  context.setActivity(`evicting ${pods.length} pods from ${node}`);
  const blocked = await Promise.all(
    pods.map(async (pod) => {
      const blockedMs = await evict(context, pod, signal);
      await waitGone(context, pod, signal);
      return blockedMs;
    }),
  );
  return blocked.reduce((sum, ms) => sum + ms, 0);
}
