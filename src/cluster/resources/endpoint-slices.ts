import type { KubeObject } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { ageColumn, column, nameColumn } from '../api/table.js';

// biome-ignore lint/suspicious/noExplicitAny: endpoints are open JSON.
type Json = any;

/** The label that ties a slice to its Service: select by it, slice names are generated. */
export const serviceNameLabel = 'kubernetes.io/service-name';
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const endpointSliceController = 'endpointslice-controller.k8s.io';

/** kubectl's ENDPOINTS column: the first three addresses, then how many more. */
function endpointsColumn(slice: KubeObject): string {
  const addresses: string[] = ((slice.endpoints ?? []) as Json[]).flatMap((endpoint: Json) => endpoint.addresses ?? []);
  if (addresses.length === 0) return '<unset>';
  const shown = addresses.slice(0, 3).join(',');
  return addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
}

function portsColumn(slice: KubeObject): string {
  const ports = (slice.ports ?? []) as Json[];
  return ports.length === 0 ? '<unset>' : ports.map((port) => String(port.port)).join(',');
}

export const endpointSlices: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  subresources: [],
  hasGeneration: true,
  columns: [
    nameColumn,
    column('AddressType', 'string', 'The address type of the endpoints.', (slice) => String(slice.addressType ?? '')),
    column('Ports', 'string', 'The ports of the endpoints.', portsColumn),
    column('Endpoints', 'string', 'The addresses of the endpoints.', endpointsColumn),
    ageColumn,
  ],
  validate(slice) {
    return slice.addressType === undefined
      ? [{ reason: 'FieldValueRequired', message: 'Required value', field: 'addressType' }]
      : [];
  },
};
