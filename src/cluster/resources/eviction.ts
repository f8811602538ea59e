import { kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import type { SubresourceRequest, SubresourceResponse } from '../api/resource-type.js';
import { ApiError, badRequest, methodNotAllowed } from '../api/status.js';
import { budgetsFor, podDisruptionBudgets } from './pod-disruption-budgets.js';
import { isPodReady, pods } from './pods.js';

// biome-ignore lint/suspicious/noExplicitAny: the Eviction body is open JSON.
type Json = any;

function tooManyRequests(message: string, cause: string, retryAfterSeconds?: number): ApiError {
  return new ApiError(429, 'TooManyRequests', message, {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/**
 * `POST …/pods/<name>/eviction` (`pkg/registry/core/pod/storage/eviction.go`): a pod that is not running, or is
 * already terminating, goes without a budget check; otherwise its one PodDisruptionBudget must allow a disruption,
 * which this eviction then uses up (`disruptionsAllowed` − 1, the pod in `disruptedPods`) before the pod gets the
 * `DisruptionTarget` condition and a graceful delete. Refusals are 429 with the budget's numbers.
 */
export function evictionHandler(request: SubresourceRequest, registry: Registry): SubresourceResponse {
  if (request.method !== 'POST') throw methodNotAllowed(request.method, 'eviction');
  const body: Json = request.body ?? {};
  if (body.metadata?.name !== undefined && body.metadata.name !== request.name) {
    throw badRequest('name in URL does not match name in Eviction object');
  }
  const pod = registry.get(pods, request.namespace, request.name);
  const grace = body.deleteOptions?.gracePeriodSeconds;
  const evict = () => {
    registry.mutate(
      pods,
      request.namespace,
      request.name,
      (current) => {
        const others = (current.status?.conditions ?? []).filter(
          (condition: Json) => condition.type !== 'DisruptionTarget',
        );
        const target = {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'EvictionByEvictionAPI',
          message: 'Eviction API: evicting',
          lastTransitionTime: kubeTime(registry.nowMs()),
        };
        current.status = { ...current.status, conditions: [...others, target] };
      },
      'status',
    );
    registry.delete(pods, request.namespace, request.name, grace === undefined ? {} : { gracePeriodSeconds: grace });
    return { status: 201, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  };
  const phase = pod.status?.phase;
  if (
    phase === 'Pending' ||
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    pod.metadata.deletionTimestamp !== undefined
  ) {
    return evict();
  }
  const budgets = budgetsFor(pod, registry.list(podDisruptionBudgets, request.namespace));
  if (budgets.length > 1) {
    throw new ApiError(
      500,
      'InternalError',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  const [pdb] = budgets;
  if (pdb === undefined) return evict();
  const name = pdb.metadata.name;
  if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    throw tooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      `The disruption budget ${name} is still being processed by the server.`,
      10,
    );
  }
  const { currentHealthy = 0, desiredHealthy = 0, disruptionsAllowed = 0 } = pdb.status ?? {};
  // IfHealthyBudget: an unready pod may go while the budget is met, using up no disruption.
  if (!isPodReady(pod) && currentHealthy >= desiredHealthy && desiredHealthy > 0) return evict();
  if (disruptionsAllowed < 0) {
    throw new ApiError(403, 'Forbidden', 'pdb disruptions allowed is negative');
  }
  if (disruptionsAllowed === 0) {
    throw tooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      `The disruption budget ${name} needs ${desiredHealthy} healthy pods and has ${currentHealthy} currently`,
    );
  }
  registry.mutate(
    podDisruptionBudgets,
    request.namespace,
    name,
    (current) => {
      current.status.disruptionsAllowed -= 1;
      current.status.disruptedPods = { ...current.status.disruptedPods, [request.name]: kubeTime(registry.nowMs()) };
    },
    'status',
  );
  return evict();
}
