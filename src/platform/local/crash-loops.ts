import type { V1Pod } from '@kubernetes/client-node';
import { TargetError } from '../../core/errors.js';
import type { KubeClients } from '../kubernetes/client.js';
import { containerEnded } from '../kubernetes/container-ended.js';
import { pause } from '../kubernetes/pause.js';

/** Crashes of one container, none of its revision's pods ready, after which the revision cannot start. */
const CRASH_LIMIT = 2;

/** How often the pods are read while an action waits, ms. */
const POLL_MS = 250;

const TEMPLATE_HASH = 'pod-template-hash';

/** Waiting reasons that no wait mends: the container cannot be run as it is. */
const CANNOT_RUN = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError']);

/** Why a pod of a revision none of whose pods is ready cannot start, or undefined when it may yet. */
export interface StartFailure {
  pod: V1Pod;
  /** `crashed 2 times …; it last ended with exit code 127 (command not found)`, `cannot run: …`. */
  why: string;
  crashed: boolean;
}

/**
 * The first pod of a revision that has crashed CRASH_LIMIT times, or that cannot be run at all (ErrImagePull …),
 * while none of that revision's pods is ready.
 */
export function startFailure(pods: readonly V1Pod[]): StartFailure | undefined {
  const readyHashes = new Set(
    pods
      .filter((pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((pod) => pod.metadata?.labels?.[TEMPLATE_HASH]),
  );
  for (const pod of pods) {
    if (readyHashes.has(pod.metadata?.labels?.[TEMPLATE_HASH]) || pod.metadata?.deletionTimestamp) continue;
    for (const status of pod.status?.containerStatuses ?? []) {
      const waiting = status.state?.waiting;
      if (waiting?.reason !== undefined && CANNOT_RUN.has(waiting.reason)) {
        return { pod, why: `cannot run (${waiting.reason}): ${waiting.message ?? 'no reason given'}`, crashed: false };
      }
      const crashes = status.restartCount + (status.state?.terminated ? 1 : 0);
      const last = status.state?.terminated ?? status.lastState?.terminated;
      if (crashes >= CRASH_LIMIT && last !== undefined) {
        const why = `crashed ${crashes} times and none of the revision's pods became ready; it last ended with ${containerEnded(last)}`;
        return { pod, why, crashed: true };
      }
    }
  }
  return undefined;
}

/**
 * Rejects with CRASH_LOOP once a revision's pods crash-loop (see `crashLooping`), naming the pod, its revision,
 * how it ended and its last output; resolves when `signal` aborts. A rollout to a version that cannot start then
 * fails in seconds, while the old pods keep serving, instead of waiting for the progress deadline.
 */
export async function watchCrashLoops(
  clients: KubeClients,
  target: { namespace: string; labelSelector: string },
  signal: AbortSignal,
): Promise<never | undefined> {
  const { namespace, labelSelector } = target;
  while (!signal.aborted) {
    const pods = await clients.core.listNamespacedPod({ namespace, labelSelector }).then(
      (list) => list.items,
      () => [],
    );
    const found = startFailure(pods);
    if (found !== undefined && !signal.aborted) throw await crashLoopError(clients, namespace, found);
    // A wait that lets go of `signal` when it ends: one abort listener left behind per poll grew past Node's limit
    // of 10 (MaxListenersExceededWarning) within 3 s of any rollout.
    await pause(POLL_MS, signal);
  }
  return undefined;
}

async function crashLoopError(clients: KubeClients, namespace: string, found: StartFailure): Promise<TargetError> {
  const name = found.pod.metadata?.name ?? '';
  const owner = found.pod.metadata?.ownerReferences?.find((reference) => reference.kind === 'ReplicaSet')?.name;
  const revision =
    owner === undefined
      ? undefined
      : await clients.apps
          .readNamespacedReplicaSet({ name: owner, namespace })
          .then((set) => set.metadata?.annotations?.['deployment.kubernetes.io/revision'])
          .catch(() => undefined);
  const output = found.crashed
    ? await clients.core
        .readNamespacedPodLog({ name, namespace, tailLines: 5 })
        .then((text) => String(text).trimEnd().split('\n').filter(Boolean))
        .catch((): string[] => [])
    : [];
  return new TargetError(`revision ${revision ?? '?'} cannot start: its pod ${name} ${found.why}`, {
    code: 'CRASH_LOOP',
    hint: `kubectl logs ${name} shows its output; fix the app or its command`,
    ...(output.length > 0 ? { details: [`${name}'s last output:`, ...output.map((line) => `  ${line}`)] } : {}),
  });
}
