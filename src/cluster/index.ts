/**
 * The embedded cluster as a library: what `rollbench cluster up` runs, as a call. A package entry of its own
 * (`rollbench/cluster`), not part of `rollbench`: the cluster is a separate program that the rest of rollbench
 * reaches only over HTTP, so importing `rollbench` never loads it.
 *
 * ```ts
 * import { kubeconfigText, startCluster } from 'rollbench/cluster';
 * const cluster = await startCluster({ port: 0, nodeCount: 3, dataDir: '/tmp/cluster' });
 * await writeFile('kubeconfig', kubeconfigText({ ...cluster, server: cluster.url, name: 'rollbench' }));
 * await cluster.close(); // stops every pod
 * ```
 */
export type { ApiFaults, FailRule } from './api/faults.js';
export type { KubeObject } from './api/object.js';
export { type Cluster, type ClusterOptions, startCluster } from './cluster.js';
export { kubeconfigText } from './kubeconfig.js';
export type { KubeProxySettings } from './proxy/kube-proxy.js';
