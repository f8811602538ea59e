import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import {
  endpointSliceController,
  endpointSlices,
  managedByLabel,
  serviceNameLabel,
} from '../resources/endpoint-slices.js';
import { isPodReady, pods } from '../resources/pods.js';
import { services } from '../resources/services.js';
import { controllerReference } from './owners.js';
import { type Controller, keyOf, lookup, ownKey, splitKey } from './runtime.js';

// biome-ignore lint/suspicious/noExplicitAny: ports and containers are open JSON.
type Json = any;

function selects(service: KubeObject, labels: Record<string, string> | undefined): boolean {
  const selector: Record<string, string> | undefined = service.spec?.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** `podutil.FindPort`: a number as it is, a name looked up among the pod's container ports. */
function targetPort(pod: KubeObject, servicePort: Json): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  for (const container of pod.spec?.containers ?? []) {
    const port = (container.ports ?? []).find(
      (candidate: Json) =>
        candidate.name === target && (candidate.protocol ?? 'TCP') === (servicePort.protocol ?? 'TCP'),
    );
    if (port !== undefined) return port.containerPort;
  }
  return undefined;
}

/**
 * One endpoint per pod, as `podToEndpoint` writes it: `serving` = the pod is Ready, `terminating` = it has a
 * deletionTimestamp, `ready` = serving and not terminating (or `publishNotReadyAddresses`). Pods without an IP
 * (not started yet) or finished are left out (`ShouldPodBeInEndpoints`); terminating ones stay, not ready.
 */
function endpointOf(service: KubeObject, pod: KubeObject): Json | undefined {
  const ip = pod.status?.podIP;
  if (ip === undefined || ['Succeeded', 'Failed'].includes(pod.status?.phase)) return undefined;
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  return {
    addresses: [ip],
    conditions: {
      ready: service.spec.publishNotReadyAddresses === true || (serving && !terminating),
      serving,
      terminating,
    },
    ...(pod.spec?.nodeName === undefined ? {} : { nodeName: pod.spec.nodeName }),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/** The slices a Service should have: one per distinct resolved port set, or one empty placeholder. */
function desiredSlices(service: KubeObject, selected: KubeObject[]): { ports: Json[]; endpoints: Json[] }[] {
  const groups = new Map<string, { ports: Json[]; endpoints: Json[] }>();
  for (const pod of [...selected].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const endpoint = endpointOf(service, pod);
    if (endpoint === undefined) continue;
    const ports: Json[] = (service.spec.ports ?? []).flatMap((port: Json) => {
      const resolved = targetPort(pod, port);
      return resolved === undefined
        ? []
        : [{ name: port.name ?? '', port: resolved, protocol: port.protocol ?? 'TCP' }];
    });
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(endpoint);
    groups.set(key, group);
  }
  return groups.size === 0 ? [{ ports: [], endpoints: [] }] : [...groups.values()];
}

/** The EndpointSlice controller: each Service with a selector gets slices listing its pods' endpoints. */
export function endpointSliceControllerLoop(registry: Registry): Controller {
  const servicesFor = (pod: KubeObject, previous?: KubeObject) =>
    registry
      .list(services, pod.metadata.namespace)
      .filter(
        (service) =>
          selects(service, pod.metadata.labels) ||
          (previous !== undefined && selects(service, previous.metadata.labels)),
      )
      .map(keyOf);
  return {
    name: 'endpointslice-controller',
    initialKeys: () => registry.list(services).map(keyOf),
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(services)) return ownKey(event, services);
      if (event.resource === storageKey(pods)) return servicesFor(event.object, event.previous);
      return [];
    },
    reconcile(key) {
      const service = lookup(registry, services, key);
      const { namespace, name } = splitKey(key);
      if (service === undefined || !selects(service, service.spec.selector)) return undefined;
      const selected = registry.list(pods, namespace).filter((pod) => selects(service, pod.metadata.labels));
      const wanted = desiredSlices(service, selected);
      const existing = registry
        .list(endpointSlices, namespace)
        .filter(
          (slice) =>
            slice.metadata.labels?.[serviceNameLabel] === name &&
            slice.metadata.labels?.[managedByLabel] === endpointSliceController,
        );
      const unused = [...existing];
      for (const { ports, endpoints } of wanted) {
        const index = unused.findIndex((slice) => isDeepStrictEqual(slice.ports ?? [], ports));
        const reuse = index >= 0 ? unused.splice(index, 1)[0] : unused.shift();
        if (reuse === undefined) {
          registry.create(endpointSlices, namespace, {
            metadata: {
              generateName: `${name}-`,
              labels: {
                ...service.metadata.labels,
                [serviceNameLabel]: name,
                [managedByLabel]: endpointSliceController,
              },
              ownerReferences: [controllerReference(service, services)],
            },
            addressType: 'IPv4',
            endpoints,
            ports,
          });
        } else {
          registry.mutate(endpointSlices, namespace, reuse.metadata.name, (slice) => {
            slice.endpoints = endpoints;
            slice.ports = ports;
          });
        }
      }
      for (const slice of unused) registry.delete(endpointSlices, namespace, slice.metadata.name);
      return undefined;
    },
  };
}
