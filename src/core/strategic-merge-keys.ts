/**
 * The list fields whose `patchStrategy` is `merge`, with their `patchMergeKey` (from the Go struct tags in
 * `k8s.io/api`): the ones kubectl and rollbench patch. Every other list is replaced whole, as without a tag.
 * `ports` is keyed by `containerPort` in a container and by `port` in a Service, told apart by the elements.
 * Shared by the embedded cluster's strategic merge and the platform's restore of what a patch touched.
 */
export const mergeKeys: Readonly<Record<string, string | ((element: Record<string, unknown>) => string)>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  taints: 'key',
  ownerReferences: 'uid',
  addresses: 'type',
  ports: (element) => ('containerPort' in element ? 'containerPort' : 'port'),
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The merge key of the list `field` holding `elements`; undefined: a list replaced whole. */
export function mergeKeyOf(field: string, elements: readonly unknown[]): string | undefined {
  const key = mergeKeys[field];
  if (typeof key !== 'function') return key;
  const first = elements.find(isObject);
  return first === undefined ? undefined : key(first);
}
