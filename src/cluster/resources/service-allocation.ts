import { randomInt } from 'node:crypto';
import type { KubeObject } from '../api/object.js';
import { invalidValue, type StatusCause } from '../api/status.js';

/** The default `--service-node-port-range`. */
const nodePortRange = { min: 30_000, max: 32_767 };
/** Cluster IPs come from 10.96.0.0/16 (within kubeadm's default 10.96.0.0/12); .1 is the `kubernetes` Service. */
export const kubernetesServiceIp = '10.96.0.1';

// biome-ignore lint/suspicious/noExplicitAny: service ports are open JSON.
type Port = any;

function randomFree(taken: Set<string>, pick: () => string): string {
  for (;;) {
    const candidate = pick();
    if (!taken.has(candidate)) return candidate;
  }
}

/** A free cluster IP, or the one asked for when it is free; random like the apiserver's bitmap allocator. */
export function allocateClusterIp(service: KubeObject, others: KubeObject[]): StatusCause | undefined {
  const taken = new Set(others.map((other) => other.spec?.clusterIP as string));
  const asked: string | undefined = service.spec.clusterIP;
  if (asked === 'None') return undefined;
  if (asked !== undefined && asked !== '') {
    if (taken.has(asked))
      return invalidValue('spec.clusterIPs', [asked], 'failed to allocate IP: provided IP is already allocated');
  } else {
    service.spec.clusterIP = randomFree(taken, () => `10.96.${randomInt(0, 256)}.${randomInt(2, 255)}`);
  }
  service.spec.clusterIPs = [service.spec.clusterIP];
  return undefined;
}

function usesNodePorts(service: KubeObject): boolean {
  return service.spec?.type === 'NodePort' || service.spec?.type === 'LoadBalancer';
}

/**
 * Node ports for a NodePort Service: kept from `old` for a port that had one, the asked one when free and in
 * range, else a random free one in 30000–32767. Returns a cause when an asked port cannot be had.
 */
export function allocateNodePorts(service: KubeObject, others: KubeObject[], old?: KubeObject): StatusCause[] {
  if (!usesNodePorts(service)) {
    for (const port of service.spec.ports ?? []) delete port.nodePort;
    return [];
  }
  const taken = new Set(
    others.flatMap((other) => (other.spec?.ports ?? []).map((port: Port) => String(port.nodePort))),
  );
  const causes: StatusCause[] = [];
  (service.spec.ports ?? []).forEach((port: Port, index: number) => {
    const previous = (old?.spec?.ports ?? []).find(
      (candidate: Port) => candidate.port === port.port && candidate.protocol === port.protocol,
    );
    port.nodePort ??= previous?.nodePort;
    if (port.nodePort === undefined) {
      const pick = () => String(randomInt(nodePortRange.min, nodePortRange.max + 1));
      port.nodePort = Number(randomFree(taken, pick));
    } else if (port.nodePort < nodePortRange.min || port.nodePort > nodePortRange.max) {
      causes.push(
        invalidValue(
          `spec.ports[${index}].nodePort`,
          port.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${nodePortRange.min}-${nodePortRange.max}`,
        ),
      );
    } else if (taken.has(String(port.nodePort)) && port.nodePort !== previous?.nodePort) {
      causes.push(invalidValue(`spec.ports[${index}].nodePort`, port.nodePort, 'provided port is already allocated'));
    }
    taken.add(String(port.nodePort));
  });
  return causes;
}
