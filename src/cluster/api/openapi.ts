import { apiVersionOf, type ResourceType } from './resource-type.js';

/** `api/v1`, `apis/apps/v1`: how `/openapi/v3` names a group-version's document. */
function documentPath(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/**
 * `/openapi/v3`: the index of per-group-version documents. kubectl reads it before `create`/`apply` to learn
 * whether the server validates fields itself; see `groupVersionDocument`.
 */
export function openApiIndex(types: readonly ResourceType[]): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const groupVersion of new Set(types.map(apiVersionOf))) {
    const path = documentPath(groupVersion);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}` };
  }
  return { paths };
}

/**
 * The OpenAPI v3 document of one group-version, as far as kubectl reads it: each kind's PATCH operation (tagged
 * with `x-kubernetes-group-version-kind`) takes the `fieldValidation` query parameter, so kubectl sends
 * `?fieldValidation=Strict` and skips client-side schema validation (`QueryParamVerifierV3`). The PATCH operations
 * declare no request body on purpose: kubectl's client-side apply then builds its strategic merge patch from its
 * own compiled-in types rather than from schemas this server does not publish.
 */
export function groupVersionDocument(
  types: readonly ResourceType[],
  path: string,
): Record<string, unknown> | undefined {
  const served = types.filter((type) => documentPath(apiVersionOf(type)) === path);
  if (served.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of served) {
    const scope = type.namespaced ? 'namespaces/{namespace}/' : '';
    paths[`/${path}/${scope}${type.plural}/{name}`] = {
      patch: {
        operationId: `patch${type.kind}`,
        parameters: [
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: {} } };
}
