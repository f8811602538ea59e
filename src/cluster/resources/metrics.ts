import { memoryQuantity, nanoQuantity } from '../../core/quantity.js';
import { type KubeObject, kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import type { ResourceType } from '../api/resource-type.js';
import { column, nameColumn } from '../api/table.js';
import type { NodeUsage, PodUsage } from '../kubelet/resource-usage.js';
import { nodes } from './nodes.js';
import { pods } from './pods.js';

/** Where the metrics come from: the kubelet's readings of `/proc`, or nothing when pods do not run. */
export interface UsageSource {
  pods(): PodUsage[];
  nodes(names: readonly string[]): NodeUsage[];
}

/** `metav1.Duration` as JSON: Go's `time.Duration.String()` — "500ms", "10.012s", "1m0.5s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = `${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
  return minutes === 0 ? seconds : `${minutes}m${seconds}`;
}

type Usage = { cpu: string; memory: string };

/** Computed objects have no uid or resourceVersion: metrics-server leaves them empty, so JSON omits them. */
const computedMeta = (meta: Partial<KubeObject['metadata']>) => meta as KubeObject['metadata'];

const usageOf = (cpuNanocores: number, memoryBytes: number): Usage => ({
  cpu: nanoQuantity(cpuNanocores),
  memory: memoryQuantity(memoryBytes),
});

const metricsColumns = (cpu: (object: KubeObject) => string, memory: (object: KubeObject) => string) => [
  nameColumn,
  column('CPU', 'string', 'CPU usage over the window', cpu),
  column('Memory', 'string', 'Working-set memory', memory),
  column('Window', 'string', 'The span the CPU rate covers', (object) => String(object.window)),
];

/** Each PodMetrics' totals over its containers, for its table row (metrics-server's printer shows pod sums). */
const podTotals = new WeakMap<KubeObject, Usage>();

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * `metrics.k8s.io/v1beta1` PodMetrics as metrics-server serves them (`pkg/storage/pod.go`): named and labelled
 * like the pod, created now, with the newest reading's `timestamp`, the `window` the CPU rate covers and one
 * usage per container. A pod that is not running, or has fewer than two readings, has none yet.
 */
export function podMetricsType(source: UsageSource): ResourceType {
  return {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'PodMetrics',
    plural: 'pods',
    singular: '',
    namespaced: true,
    subresources: [],
    hasGeneration: false,
    verbs: ['get', 'list'],
    columns: metricsColumns(
      (object) => podTotals.get(object)?.cpu ?? '',
      (object) => podTotals.get(object)?.memory ?? '',
    ),
    read(registry: Registry, namespace: string | undefined): KubeObject[] {
      const nowMs = Date.now();
      return source
        .pods()
        .filter((usage) => namespace === undefined || usage.namespace === namespace)
        .flatMap((usage) => {
          const pod = registry.store.get(pods, usage.namespace, usage.name);
          if (pod === undefined) return [];
          const metrics: KubeObject = {
            kind: 'PodMetrics',
            apiVersion: 'metrics.k8s.io/v1beta1',
            metadata: computedMeta({
              name: usage.name,
              namespace: usage.namespace,
              creationTimestamp: kubeTime(nowMs),
              ...(pod.metadata.labels === undefined ? {} : { labels: pod.metadata.labels }),
            }),
            timestamp: kubeTime(usage.timestampMs),
            window: goDuration(usage.windowMs),
            containers: usage.containers.map((container) => ({
              name: container.name,
              usage: usageOf(container.cpuNanocores, container.memoryBytes),
            })),
          };
          const cpu = sum(usage.containers.map((container) => container.cpuNanocores));
          podTotals.set(metrics, usageOf(cpu, sum(usage.containers.map((container) => container.memoryBytes))));
          return [metrics];
        });
    },
  };
}

/** `metrics.k8s.io/v1beta1` NodeMetrics (`pkg/storage/node.go`): one per node, its usage the sum of its pods'. */
export function nodeMetricsType(source: UsageSource): ResourceType {
  return {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'NodeMetrics',
    plural: 'nodes',
    singular: '',
    namespaced: false,
    subresources: [],
    hasGeneration: false,
    verbs: ['get', 'list'],
    columns: metricsColumns(
      (object) => (object.usage as Usage).cpu,
      (object) => (object.usage as Usage).memory,
    ),
    read(registry: Registry): KubeObject[] {
      const nowMs = Date.now();
      const byName = new Map(registry.store.list(nodes).map((node) => [node.metadata.name, node]));
      return source.nodes([...byName.keys()]).map((usage) => {
        const labels = byName.get(usage.name)?.metadata.labels;
        return {
          kind: 'NodeMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: computedMeta({
            name: usage.name,
            creationTimestamp: kubeTime(nowMs),
            ...(labels === undefined ? {} : { labels }),
          }),
          timestamp: kubeTime(usage.timestampMs),
          window: goDuration(usage.windowMs),
          usage: usageOf(usage.cpuNanocores, usage.memoryBytes),
        };
      });
    },
  };
}
