import type { KubeObject } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { storageKey } from '../api/resource-type.js';
import type { StoredEvent } from '../api/store.js';
import { type Controller, keyOf, lookup, splitKey } from '../controllers/runtime.js';
import { hostPortsOf } from '../kubelet/pod-ports.js';
import { endpointSlices, serviceNameLabel } from '../resources/endpoint-slices.js';
import { pods } from '../resources/pods.js';
import { services } from '../resources/services.js';
import type { ProxyMode } from './index.js';
import { ProxyThread } from './proxy-thread.js';

// biome-ignore lint/suspicious/noExplicitAny: ports and endpoints are open JSON.
type Json = any;

export interface KubeProxySettings {
  mode: ProxyMode;
  /** How long a removed endpoint still receives traffic, as kube-proxy noticing an EndpointSlice change late. */
  endpointPropagationDelayMs: number;
  /** A uniformly random extra delay in [0, jitterMs] per endpoint change; default 0. */
  jitterMs?: number;
}

export interface KubeProxy {
  controller: Controller;
  /** Closes every NodePort listener and its connections. */
  close(): Promise<void>;
}

/**
 * Where a Service port's traffic goes, as kube-proxy decides (`CategorizeEndpoints`): its ready endpoints, or —
 * only when none is ready — those still serving while terminating. Each as the pod's name and the loopback
 * port its container port maps to.
 */
function routedEndpoints(registry: Registry, service: KubeObject, servicePort: Json): Map<string, number> {
  const namespace = service.metadata.namespace;
  const ready = new Map<string, number>();
  const servingTerminating = new Map<string, number>();
  for (const slice of registry.list(endpointSlices, namespace)) {
    if (slice.metadata.labels?.[serviceNameLabel] !== service.metadata.name) continue;
    const port = ((slice.ports ?? []) as Json[]).find(
      (candidate: Json) => candidate.name === (servicePort.name ?? ''),
    )?.port;
    if (port === undefined) continue;
    for (const endpoint of (slice.endpoints ?? []) as Json[]) {
      const name = endpoint.targetRef?.name;
      const pod = name === undefined ? undefined : registry.store.get(pods, namespace, name);
      if (pod === undefined) continue;
      const hostPort = hostPortsOf(pod).get(port) ?? port;
      const { ready: isReady, serving, terminating } = endpoint.conditions ?? {};
      if (isReady !== false) ready.set(pod.metadata.name, hostPort);
      else if (serving === true && terminating === true) servingTerminating.set(pod.metadata.name, hostPort);
    }
  }
  return ready.size > 0 ? ready : servingTerminating;
}

/** The NodePorts a Service asks for: `<service key>:<nodePort>` → its port. */
function nodePorts(service: KubeObject | undefined): Map<string, Json> {
  const ports = new Map<string, Json>();
  if (service === undefined || !['NodePort', 'LoadBalancer'].includes(service.spec?.type)) return ports;
  for (const port of service.spec.ports ?? []) {
    if (port.nodePort !== undefined && (port.protocol ?? 'TCP') === 'TCP') {
      ports.set(`${keyOf(service)}:${port.nodePort}`, port);
    }
  }
  return ports;
}

/**
 * The kube-proxy of every node: a listener on 127.0.0.1:<nodePort> per NodePort, routing to the Service's
 * endpoints. It applies a removal only `endpointPropagationDelayMs` after the EndpointSlice said so — how long
 * a real kube-proxy, ingress or mesh keeps sending traffic to a pod that is going away.
 */
export function kubeProxy(
  registry: Registry,
  settings: KubeProxySettings,
  logError: (message: string) => void,
): KubeProxy {
  // One NodePort listener per key, on the proxy's own thread.
  const listeners = new Set<string>();
  const thread = new ProxyThread(logError);

  const open = (listenerKey: string, service: string, nodePort: number) => {
    listeners.add(listenerKey);
    const listener = {
      mode: settings.mode,
      propagationDelayMs: settings.endpointPropagationDelayMs,
      jitterMs: settings.jitterMs ?? 0,
      port: nodePort,
    };
    void thread.open(listenerKey, listener).then(
      (failure) => {
        if (failure !== undefined)
          logError(`kube-proxy: cannot listen on 127.0.0.1:${nodePort} for ${service}: ${failure}`);
      },
      () => {}, // the thread has ended: the cluster is stopping
    );
  };

  const controller: Controller = {
    name: 'kube-proxy',
    initialKeys: () => registry.list(services).map(keyOf),
    keysFor(event: StoredEvent) {
      if (event.resource === storageKey(services)) return [keyOf(event.object)];
      const service = event.object.metadata.labels?.[serviceNameLabel];
      if (event.resource === storageKey(endpointSlices) && service !== undefined) {
        return [`${event.object.metadata.namespace}/${service}`];
      }
      return [];
    },
    reconcile(key) {
      const service = lookup(registry, services, key);
      const wanted = nodePorts(service);
      for (const listenerKey of listeners) {
        if (listenerKey.slice(0, listenerKey.lastIndexOf(':')) !== key || wanted.has(listenerKey)) continue;
        listeners.delete(listenerKey);
        thread.close(listenerKey).catch(() => {});
      }
      if (service === undefined) return undefined;
      for (const [listenerKey, servicePort] of wanted) {
        if (!listeners.has(listenerKey)) {
          open(listenerKey, `${splitKey(key).namespace}/${service.metadata.name}`, servicePort.nodePort);
        }
        thread.setEndpoints(listenerKey, routedEndpoints(registry, service, servicePort));
      }
      return undefined;
    },
  };

  return {
    controller,
    async close() {
      listeners.clear();
      await thread.stop();
    },
  };
}
