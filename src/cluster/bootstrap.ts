import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';
import { kubernetesVersion } from './api/discovery.js';
import type { KubeObject } from './api/object.js';
import type { Registry } from './api/registry.js';
import { namespaces } from './resources/namespaces.js';
import { nodes } from './resources/nodes.js';
import { kubernetesServiceIp } from './resources/service-allocation.js';
import { services } from './resources/services.js';

/** The namespaces every cluster starts with. */
const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** `node-1`, `node-2`, …: what `kubectl get nodes` lists. */
export function nodeName(index: number): string {
  return `node-${index + 1}`;
}

function osImage(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

/**
 * A Node as a kubelet registers it. All nodes share this machine, so each reports an equal share of its CPUs and
 * memory as capacity (allocatable = capacity: no system reservations), and 127.0.0.1 as its address.
 */
function nodeObject(name: string, count: number, nowIso: string): Record<string, unknown> {
  const cpuMillicores = Math.floor((cpus().length * 1000) / count);
  const memoryKi = Math.floor(totalmem() / 1024 / count);
  const capacity = { cpu: `${cpuMillicores}m`, memory: `${memoryKi}Ki`, pods: '110', 'ephemeral-storage': '10Gi' };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: nowIso,
    lastTransitionTime: nowIso,
  });
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': arch() === 'x64' ? 'amd64' : arch(),
        'node-role.kubernetes.io/worker': '',
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        machineID: randomUUID().replaceAll('-', ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: release(),
        osImage: osImage(),
        containerRuntimeVersion: 'rollbench-process://0.1.0',
        kubeletVersion: kubernetesVersion.gitVersion,
        kubeProxyVersion: kubernetesVersion.gitVersion,
        operatingSystem: 'linux',
        architecture: arch() === 'x64' ? 'amd64' : arch(),
      },
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    },
  };
}

/** The nodes' names: `count` of them named `node-1` … or the names given. */
export function nodeNames(nodes: number | readonly string[]): string[] {
  return typeof nodes === 'number' ? Array.from({ length: nodes }, (_, index) => nodeName(index)) : [...nodes];
}

/** Creates what a fresh cluster has: its namespaces, its nodes, and the `kubernetes` Service for the API. */
export function bootstrap(registry: Registry, nodeList: number | readonly string[], apiPort: number): KubeObject[] {
  for (const name of initialNamespaces) registry.create(namespaces, undefined, { metadata: { name } });
  const nowIso = new Date(registry.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = nodeNames(nodeList);
  const created = names.map((name) => registry.create(nodes, undefined, nodeObject(name, names.length, nowIso)));
  registry.create(services, 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: kubernetesServiceIp,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }],
    },
  });
  return created;
}
