import { AuthorizationV1Api, type ConfigurationOptions, type KubeConfig } from '@kubernetes/client-node';

/** The disruptions a scenario can schedule, as far as permissions go. */
export type AccessAction = 'rollout' | 'scale' | 'drain' | 'deletePod';

/** One permission rollbench needs: `kubectl auth can-i <verb> <resource>` in `namespace` ('' = cluster-wide). */
export interface AccessNeed {
  verb: string;
  /** API group; '' is the core group. */
  group: string;
  /** Resource, with `/subresource` when there is one (pods/eviction, deployments/scale). */
  resource: string;
  /** Asked in the target namespace, or cluster-wide ('' — drain touches pods in every namespace). */
  scope: 'namespace' | 'cluster';
  /** What needs it, for the table and the hint. */
  for: string;
  /** A missing optional permission is a warning: the run works with less evidence. */
  optional?: boolean;
}

const need = (verb: string, group: string, resource: string, forWhat: string, extra: Partial<AccessNeed> = {}) =>
  ({ verb, group, resource, scope: 'namespace', for: forWhat, ...extra }) satisfies AccessNeed;
const watchable = (group: string, resource: string, forWhat: string, extra: Partial<AccessNeed> = {}) =>
  ['list', 'watch'].map((verb) => need(verb, group, resource, forWhat, extra));

/** What every run needs: read the Deployment and watch what happens to it (deploy/rbac.yaml grants these). */
const OBSERVE: AccessNeed[] = [
  need('get', 'apps', 'deployments', 'target'),
  ...watchable('apps', 'deployments', 'observe'),
  ...watchable('apps', 'replicasets', 'observe'),
  ...watchable('', 'pods', 'observe'),
  ...watchable('discovery.k8s.io', 'endpointslices', 'observe'),
  ...watchable('', 'events', 'observe', { optional: true }),
  need('get', '', 'services', 'target', { optional: true }),
  need('list', 'policy', 'poddisruptionbudgets', 'target', { optional: true }),
  ...watchable('', 'nodes', 'observe', { scope: 'cluster', optional: true }),
  need('list', 'metrics.k8s.io', 'pods', 'samples', { optional: true }),
];

const BY_ACTION: Record<AccessAction, AccessNeed[]> = {
  rollout: [need('patch', 'apps', 'deployments', 'rollout')],
  scale: [
    need('get', 'apps', 'deployments/scale', 'scale'),
    need('patch', 'apps', 'deployments/scale', 'scale'),
    ...watchable('autoscaling', 'horizontalpodautoscalers', 'scale', { optional: true }),
  ],
  drain: [
    need('get', '', 'nodes', 'drain', { scope: 'cluster' }),
    need('patch', '', 'nodes', 'drain', { scope: 'cluster' }),
    need('list', '', 'pods', 'drain', { scope: 'cluster' }),
    need('create', '', 'pods/eviction', 'drain', { scope: 'cluster' }),
    need('get', 'apps', 'daemonsets', 'drain', { scope: 'cluster' }),
  ],
  deletePod: [need('delete', '', 'pods', 'deletePod')],
};

/** The permissions a run with these actions needs, observation first, without repeats. */
export function accessNeeds(actions: readonly AccessAction[]): AccessNeed[] {
  const needs = [...OBSERVE, ...[...new Set(actions)].flatMap((action) => BY_ACTION[action])];
  const seen = new Set<string>();
  return needs.filter((n) => {
    const key = `${n.verb} ${n.group} ${n.resource} ${n.scope}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface AccessCheck extends AccessNeed {
  allowed: boolean;
  /** The authorizer's reason, or why the review itself failed. */
  reason?: string;
}

/** Asks the API server one SelfSubjectAccessReview per need (what `kubectl auth can-i` sends), all at once. */
export async function checkAccess(
  kubeConfig: KubeConfig,
  namespace: string,
  needs: readonly AccessNeed[],
  options?: ConfigurationOptions,
): Promise<AccessCheck[]> {
  const api = kubeConfig.makeApiClient(AuthorizationV1Api);
  return Promise.all(
    needs.map(async (n): Promise<AccessCheck> => {
      const [resource = '', subresource] = n.resource.split('/');
      const resourceAttributes = {
        verb: n.verb,
        group: n.group,
        resource,
        ...(subresource ? { subresource } : {}),
        ...(n.scope === 'namespace' ? { namespace } : {}),
      };
      const review = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } }, options);
      const reason = review.status?.reason || review.status?.evaluationError;
      return { ...n, allowed: review.status?.allowed === true, ...(reason ? { reason } : {}) };
    }),
  );
}
