import { apiVersionOf, type ResourceType } from './resource-type.js';

export interface Route {
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

/**
 * Maps the segments after `/api/v1` or `/apis/<group>/<version>` to a kind, like the apiserver's installer:
 * `pods`, `namespaces/<ns>/pods[/<name>[/<sub>]]`, `nodes/<name>[/<sub>]`, and `namespaces/<name>[/<sub>]` for
 * the Namespace itself when the third segment names no namespaced kind.
 */
export function routeOf(types: readonly ResourceType[], groupVersion: string, segments: string[]): Route | undefined {
  const served = types.filter((type) => apiVersionOf(type) === groupVersion);
  const find = (plural: string | undefined) => served.find((type) => type.plural === plural);
  const [first, second, third, fourth, fifth, ...rest] = segments;
  if (rest.length > 0) return undefined;
  const namespaced = first === 'namespaces' && second !== undefined ? find(third) : undefined;
  if (namespaced?.namespaced) {
    return { type: namespaced, namespace: second, name: fourth, subresource: fifth };
  }
  const type = find(first);
  if (type === undefined || fourth !== undefined) return undefined;
  return { type, namespace: undefined, name: second, subresource: third };
}
