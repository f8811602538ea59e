import { apiStatusOf } from './api-errors.js';
import { type KubeClients, serverTimeToClock, timeMs } from './client.js';
import { cpuMillicoresOf, memoryBytesOf } from './quantity.js';
import type { ResourceSample } from './types.js';

/** metrics.k8s.io/v1beta1 PodMetrics, as the API serves it (raw JSON). */
interface PodMetrics {
  metadata: { name: string };
  timestamp: string;
  window?: string;
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}

/**
 * Reads what `kubectl top pod --containers` reads, for the Deployment's pods: one sample per container and
 * metrics window (a window already returned is not returned again: metrics-server refreshes every 15 s or so).
 * `undefined` when the cluster does not serve metrics.k8s.io.
 */
export class PodMetricsSampler {
  readonly #seen = new Set<string>();

  constructor(
    private readonly clients: KubeClients,
    private readonly namespace: string,
    private readonly podSelector: string,
  ) {}

  /** Whether the cluster serves metrics.k8s.io, asked without taking a reading. */
  async served(): Promise<boolean> {
    return (await this.#list(1)) !== undefined;
  }

  async sample(): Promise<ResourceSample[] | undefined> {
    const listed = await this.#list();
    if (listed === undefined) return undefined;
    const samples: ResourceSample[] = [];
    for (const pod of listed.items ?? []) {
      const key = `${pod.metadata.name}@${pod.timestamp}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      const takenMs = timeMs(pod.timestamp);
      for (const container of pod.containers) {
        samples.push({
          atMs: takenMs === undefined ? performance.now() : serverTimeToClock(takenMs),
          pod: pod.metadata.name,
          container: container.name,
          cpuMillicores: cpuMillicoresOf(container.usage.cpu ?? '0'),
          memoryBytes: memoryBytesOf(container.usage.memory ?? '0'),
        });
      }
    }
    return samples;
  }

  /** The Deployment's PodMetrics, or undefined on 404 (the group is not served). */
  async #list(limit?: number): Promise<{ items?: PodMetrics[] } | undefined> {
    try {
      return await this.clients.custom.listNamespacedCustomObject({
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        namespace: this.namespace,
        plural: 'pods',
        labelSelector: this.podSelector,
        ...(limit === undefined ? {} : { limit }),
      });
    } catch (error) {
      if (apiStatusOf(error)?.code === 404) return undefined;
      throw error;
    }
  }
}
