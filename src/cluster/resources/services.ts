import type { KubeObject } from '../api/object.js';
import type { AdmissionContext, ResourceType } from '../api/resource-type.js';
import { invalid, invalidValue, required, type StatusCause } from '../api/status.js';
import { ageColumn, column, nameColumn } from '../api/table.js';
import { allocateClusterIp, allocateNodePorts } from './service-allocation.js';
import { objectShape, serviceSpecShape } from './shapes.js';

// biome-ignore lint/suspicious/noExplicitAny: service ports are open JSON.
type Port = any;

/** `80:30080/TCP,443/TCP`: kubectl's PORT(S) column. */
function portsColumn(service: KubeObject): string {
  const ports: Port[] = service.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map((port) => `${port.port}${port.nodePort ? `:${port.nodePort}` : ''}/${port.protocol ?? 'TCP'}`)
    .join(',');
}

function selectorColumn(service: KubeObject): string {
  const entries = Object.entries(service.spec?.selector ?? {});
  return entries.length === 0 ? '<none>' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

function others(service: KubeObject, context: AdmissionContext): KubeObject[] {
  return context.list(services).filter((other) => other.metadata.uid !== service.metadata.uid);
}

function admit(service: KubeObject, causes: StatusCause[]): void {
  if (causes.length > 0) throw invalid('Service', '', service.metadata.name, causes);
}

export const services: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: ['status'],
  fields: objectShape(serviceSpecShape),
  hasGeneration: false,
  columns: [
    nameColumn,
    column('Type', 'string', 'The type of the service.', (s) => s.spec?.type ?? 'ClusterIP'),
    column('Cluster-IP', 'string', 'The cluster IP of the service.', (s) => s.spec?.clusterIP ?? '<none>'),
    column(
      'External-IP',
      'string',
      'The external IP of the service.',
      (s) => (s.spec?.externalIPs ?? []).join(',') || (s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>'),
    ),
    column('Port(s)', 'string', 'The ports of the service.', portsColumn),
    ageColumn,
    column('Selector', 'string', 'The label selector of the service.', selectorColumn, 1),
  ],
  defaults(service) {
    service.spec ??= {};
    const spec = service.spec;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
    for (const port of spec.ports ?? []) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
  },
  validate(service) {
    const ports: Port[] = service.spec?.ports ?? [];
    const causes: StatusCause[] = [];
    if (ports.length === 0 && service.spec?.clusterIP !== 'None') causes.push(required('spec.ports'));
    ports.forEach((port, index) => {
      if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65_535) {
        causes.push(invalidValue(`spec.ports[${index}].port`, port.port, 'must be between 1 and 65535, inclusive'));
      }
      if (ports.length > 1 && !port.name) causes.push(required(`spec.ports[${index}].name`));
    });
    return causes;
  },
  prepareForCreate(service, context) {
    const existing = others(service, context);
    const ipCause = allocateClusterIp(service, existing);
    admit(service, [...(ipCause === undefined ? [] : [ipCause]), ...allocateNodePorts(service, existing)]);
    service.status = { loadBalancer: {} };
  },
  prepareForUpdate(service, old, context) {
    // spec.clusterIP is immutable; an update that leaves it out (kubectl apply) keeps the allocated one.
    service.spec.clusterIP ??= old.spec.clusterIP;
    service.spec.clusterIPs ??= old.spec.clusterIPs;
    if (service.spec.clusterIP !== old.spec.clusterIP) {
      admit(service, [invalidValue('spec.clusterIPs[0]', service.spec.clusterIP, 'field is immutable')]);
    }
    admit(service, allocateNodePorts(service, others(service, context), old));
  },
};
