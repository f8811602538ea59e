import type { V1Pod } from '@kubernetes/client-node';
import { containerEnded } from '../kubernetes/container-ended.js';

/**
 * Why start-up is stuck, from the pods as the kubelet reports them: the last container that exited (and how), or
 * one waiting for a reason (`CrashLoopBackOff`, `ErrImagePull` …); undefined when nothing says.
 */
export function startUpTrouble(pods: readonly V1Pod[]): string | undefined {
  for (const pod of [...pods].reverse()) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const terminated = status.state?.terminated ?? status.lastState?.terminated;
      if (terminated !== undefined) {
        return `${pod.metadata?.name} ended with ${containerEnded(terminated)}`;
      }
      const waiting = status.state?.waiting;
      if (waiting?.reason !== undefined && waiting.reason !== 'ContainerCreating') {
        return `${pod.metadata?.name} ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
      }
    }
  }
  return undefined;
}
