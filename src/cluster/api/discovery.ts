import { apiVersionOf, defaultVerbs, type ResourceType } from './resource-type.js';

/** The Kubernetes version this server answers to (`/version`, the OpenAPI `info`, the kubelet version of nodes). */
export const kubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.4-rollbench' };

const subresourceKinds: Record<string, { group: string; version: string; kind: string; verbs: string[] }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
};

/** `/api/v1`, `/apis/<group>/<version>`: every kind of the group-version and its subresources (`APIResourceList`). */
export function resourceList(types: readonly ResourceType[], groupVersion: string): Record<string, unknown> {
  const resources = types
    .filter((type) => apiVersionOf(type) === groupVersion)
    .flatMap((type) => [
      {
        name: type.plural,
        singularName: type.singular,
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: type.verbs ?? defaultVerbs,
        ...(type.shortNames === undefined ? {} : { shortNames: type.shortNames }),
        ...(type.categories === undefined ? {} : { categories: type.categories }),
      },
      ...type.subresources.map((subresource) => {
        const other = subresourceKinds[subresource];
        return {
          name: `${type.plural}/${subresource}`,
          singularName: '',
          namespaced: type.namespaced,
          ...(other === undefined
            ? { kind: type.kind, verbs: subresource === 'log' ? ['get'] : ['get', 'patch', 'update'] }
            : { group: other.group, version: other.version, kind: other.kind, verbs: other.verbs }),
        };
      }),
    ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupOf(name: string, types: readonly ResourceType[]): Record<string, unknown> {
  const versions = [...new Set(types.filter((type) => type.group === name).map((type) => type.version))].map(
    (version) => ({ groupVersion: `${name}/${version}`, version }),
  );
  return { name, versions, preferredVersion: versions[0] };
}

function groupNames(types: readonly ResourceType[]): string[] {
  return [...new Set(types.map((type) => type.group).filter((group) => group !== ''))];
}

/** `/apis`: every named group (`APIGroupList`). */
export function groupList(types: readonly ResourceType[]): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupNames(types).map((name) => groupOf(name, types)) };
}

/** `/apis/<group>`: one group (`APIGroup`), or undefined when it is not served. */
export function group(types: readonly ResourceType[], name: string): Record<string, unknown> | undefined {
  return groupNames(types).includes(name) ? { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(name, types) } : undefined;
}

export function versionInfo(): Record<string, unknown> {
  return {
    ...kubernetesVersion,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '2026-11-28T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch}`,
  };
}
