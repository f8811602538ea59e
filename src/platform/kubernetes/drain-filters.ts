import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import { goQuote } from './go-quote.js';

/** kubectl's PodDeleteStatus: whether `kubectl drain` evicts the pod, and why (pkg/drain/filters.go). */
export interface DrainPodStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}

export interface DrainFilterOptions {
  /** `--ignore-daemonsets`: DaemonSet pods are left in place with a warning instead of failing the drain. */
  ignoreDaemonSets?: boolean;
  /** `--delete-emptydir-data`: running pods with an emptyDir volume are evicted (their data is lost). */
  deleteEmptyDirData?: boolean;
  /** `--force`: pods without a controller (and orphaned DaemonSet pods) are evicted. */
  force?: boolean;
  /** `--skip-wait-for-delete-timeout`: pods whose deletionTimestamp is older than this are skipped; 0 = off. */
  skipWaitForDeleteTimeoutSeconds?: number;
  /** Epoch ms (or a Date) to age deletionTimestamp against; default `Date.now()`. */
  now?: number | Date;
  /**
   * Whether the pod's DaemonSet still exists (kubectl GETs it). Throwing is an API error: its message becomes
   * the Error status, as kubectl prints `err.Error()`.
   */
  daemonSetExists: (namespace: string, name: string) => boolean | Promise<boolean>;
}

const DAEMON_SET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMON_SET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
/** corev1.MirrorPodAnnotationKey: set on the API copy of a static pod. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

const OKAY: DrainPodStatus = { delete: true, reason: 'Okay' };
const SKIP: DrainPodStatus = { delete: false, reason: 'Skip' };
const warning = (del: boolean, message: string): DrainPodStatus => ({ delete: del, reason: 'Warning', message });
const error = (message: string): DrainPodStatus => ({ delete: false, reason: 'Error', message });

type Filter = (pod: V1Pod, options: DrainFilterOptions) => DrainPodStatus | Promise<DrainPodStatus>;

/**
 * Decides one pod the way `kubectl drain` does: kubectl's five filters in kubectl's order; the first that says
 * "don't delete" ends the decision, otherwise the LAST filter's status stands (so a warning from an earlier
 * filter that still deletes, e.g. local storage, is replaced by a later Okay — kubectl's own behaviour).
 */
export async function drainPodStatus(pod: V1Pod, options: DrainFilterOptions): Promise<DrainPodStatus> {
  let status = OKAY;
  for (const filter of FILTERS) {
    status = await filter(pod, options);
    if (!status.delete) break;
  }
  return status;
}

const FILTERS: Filter[] = [skipDeletedFilter, daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter];

function skipDeletedFilter(pod: V1Pod, options: DrainFilterOptions): DrainPodStatus {
  const timeoutSeconds = options.skipWaitForDeleteTimeoutSeconds ?? 0;
  const deletion = pod.metadata?.deletionTimestamp;
  if (timeoutSeconds <= 0 || deletion === undefined || deletion === null) return OKAY;
  const nowMs = options.now === undefined ? Date.now() : Number(options.now);
  // Go: int(time.Since(deletionTimestamp).Seconds()) > timeout — whole seconds, truncated.
  const ageSeconds = Math.trunc((nowMs - new Date(deletion).getTime()) / 1000);
  return ageSeconds > timeoutSeconds ? SKIP : OKAY;
}

async function daemonSetFilter(pod: V1Pod, options: DrainFilterOptions): Promise<DrainPodStatus> {
  const controller = controllerOf(pod);
  if (controller?.kind !== 'DaemonSet' || controller.apiVersion !== 'apps/v1') return OKAY;
  if (isFinished(pod)) return OKAY;
  const namespace = pod.metadata?.namespace ?? '';
  let exists: boolean;
  try {
    exists = await options.daemonSetExists(namespace, controller.name);
  } catch (err) {
    return error(err instanceof Error ? err.message : String(err));
  }
  if (!exists) {
    // apierrors.NewNotFound's text for the DaemonSet kubectl could not GET.
    const notFound = `daemonsets.apps ${goQuote(controller.name)} not found`;
    return options.force ? warning(true, notFound) : error(notFound);
  }
  return options.ignoreDaemonSets ? warning(false, DAEMON_SET_WARNING) : error(DAEMON_SET_FATAL);
}

function mirrorPodFilter(pod: V1Pod): DrainPodStatus {
  return pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? SKIP : OKAY;
}

function localStorageFilter(pod: V1Pod, options: DrainFilterOptions): DrainPodStatus {
  const hasEmptyDir = (pod.spec?.volumes ?? []).some((volume) => volume.emptyDir !== undefined);
  if (!hasEmptyDir || isFinished(pod)) return OKAY;
  return options.deleteEmptyDirData ? warning(true, LOCAL_STORAGE_WARNING) : error(LOCAL_STORAGE_FATAL);
}

function unreplicatedFilter(pod: V1Pod, options: DrainFilterOptions): DrainPodStatus {
  if (isFinished(pod) || controllerOf(pod)) return OKAY;
  return options.force ? warning(true, UNMANAGED_WARNING) : error(UNMANAGED_FATAL);
}

/** metav1.GetControllerOf: the first owner reference marked controller. */
function controllerOf(pod: V1Pod): V1OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

function isFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** One pod's decision, with the pod's `namespace/name` as kubectl lists it. */
export interface DrainDecision {
  pod: string;
  status: DrainPodStatus;
}

/**
 * kubectl's summary lines for a node: `warnings` as `PodDeleteList.Warnings()` joins them
 * ("<message>: ns/a, ns/b; …", printed after "Warning: "), `errors` as `PodDeleteList.errors()`
 * ("cannot delete <message>: ns/a, ns/b"). Messages keep first-seen order (kubectl's Go map order is random).
 */
export function summarizeDrainDecisions(decisions: DrainDecision[]): { warnings: string; errors: string[] } {
  const byMessage = (reason: DrainPodStatus['reason'], fallback: string) => {
    const groups = new Map<string, string[]>();
    for (const { pod, status } of decisions) {
      if (status.reason !== reason) continue;
      const message = status.message || fallback;
      groups.set(message, [...(groups.get(message) ?? []), pod]);
    }
    return [...groups].map(([message, pods]) => `${message}: ${pods.join(', ')}`);
  };
  return {
    warnings: byMessage('Warning', '').join('; '),
    errors: byMessage('Error', 'unexpected error').map((line) => `cannot delete ${line}`),
  };
}
