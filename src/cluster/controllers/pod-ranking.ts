import type { KubeObject } from '../api/object.js';
import { isPodReady, readySinceMs } from '../resources/pods.js';

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KubeObject): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum: number, status: { restartCount?: number }) => sum + (status.restartCount ?? 0),
    0,
  );
}

/**
 * Which pods a ReplicaSet scales down first (`controller.ActivePodsWithRanks`): unscheduled before scheduled,
 * Pending before Running, not ready before ready, ready for less time before longer, more restarts first,
 * newer before older. Sorting with this puts the first to delete first.
 */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const scheduled = Number(a.spec?.nodeName !== undefined) - Number(b.spec?.nodeName !== undefined);
  if (scheduled !== 0) return scheduled;
  const phase = (phaseRank[a.status?.phase ?? 'Unknown'] ?? 1) - (phaseRank[b.status?.phase ?? 'Unknown'] ?? 1);
  if (phase !== 0) return phase;
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  const readySince = (readySinceMs(b) ?? 0) - (readySinceMs(a) ?? 0);
  if (readySince !== 0) return readySince;
  const restarted = restarts(b) - restarts(a);
  if (restarted !== 0) return restarted;
  return Date.parse(b.metadata.creationTimestamp) - Date.parse(a.metadata.creationTimestamp);
}
