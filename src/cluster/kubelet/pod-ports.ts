import type { KubeObject } from '../api/object.js';
import { containerPort } from './container-launch.js';
import { freePort } from './ports.js';

// biome-ignore lint/suspicious/noExplicitAny: a container spec is open JSON.
type Json = any;

/**
 * Where the kubelet records which loopback port each container port of a pod listens on, as JSON
 * (`{"8080":41234}`): every pod's IP is 127.0.0.1 here, so pods cannot all listen on their container port, and
 * the kube-proxy reads this to reach an endpoint.
 */
export const hostPortsAnnotation = 'rollbench.dev/host-ports';

/** A free loopback port for every container port the pod declares or its containers listen on. */
export async function allocateHostPorts(pod: KubeObject): Promise<Map<number, number>> {
  const wanted = new Set<number>();
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) wanted.add(port.containerPort);
    wanted.add(containerPort(container));
  }
  const ports = new Map<number, number>();
  for (const port of wanted) ports.set(port, await freePort());
  return ports;
}

/** The host ports the kubelet recorded for a pod (empty before it did). */
export function hostPortsOf(pod: KubeObject): Map<number, number> {
  try {
    const recorded: Json = JSON.parse(pod.metadata.annotations?.[hostPortsAnnotation] ?? '{}');
    return new Map(Object.entries(recorded).map(([port, hostPort]) => [Number(port), Number(hostPort)]));
  } catch {
    return new Map();
  }
}

export function hostPortsText(ports: Map<number, number>): string {
  return JSON.stringify(Object.fromEntries(ports));
}
