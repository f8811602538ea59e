import { readFile } from 'node:fs/promises';
import { KubeConfig, KubernetesObjectApi, loadAllYaml } from '@kubernetes/client-node';
import type { ClusterOptions } from '../../../src/cluster/cluster.js';
import {
  KubernetesPlatform,
  type KubernetesPlatformOptions,
} from '../../../src/platform/kubernetes/kubernetes-platform.js';
import type { TimelineEvent } from '../../../src/platform/kubernetes/types.js';
import { sampleAppManifest, startTestCluster, type TestCluster } from '../../cluster/support.js';

export interface SampleCluster {
  cluster: TestCluster;
  kubeConfig: KubeConfig;
  /** A platform on the sample app; warnings collected in `warnings`. */
  platform(options?: Partial<KubernetesPlatformOptions>): KubernetesPlatform;
  warnings: string[];
}

/** An embedded cluster whose pods run, with `deploy/sample-app.yaml` created through the client. */
export async function startSampleCluster(options: Partial<ClusterOptions> = {}): Promise<SampleCluster> {
  const cluster = await startTestCluster({ runPods: true, ...options });
  try {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfig);
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    for (const manifest of loadAllYaml(await readFile(sampleAppManifest, 'utf8'))) {
      await objects.create({ ...manifest, metadata: { ...manifest.metadata, namespace: 'default' } });
    }
    const warnings: string[] = [];
    return {
      cluster,
      kubeConfig,
      warnings,
      platform: (overrides = {}) =>
        new KubernetesPlatform({
          kubeConfig,
          namespace: 'default',
          deployment: 'sample-app',
          onWarning: (message) => warnings.push(message),
          ...overrides,
        }),
    };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}

/** The cluster's kubeconfig pointed at `port` on loopback (a relay in front of the API server). */
export async function kubeconfigThrough(cluster: TestCluster, port: number): Promise<string> {
  return (await readFile(cluster.kubeconfig, 'utf8')).replace(cluster.url, `https://127.0.0.1:${port}`);
}

/** A KubeConfig for the cluster through a relay on `port`. */
export async function kubeConfigThrough(cluster: TestCluster, port: number): Promise<KubeConfig> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(await kubeconfigThrough(cluster, port));
  return kubeConfig;
}

/** Collects what `observe` streams until `stop()`; `stop` resolves once observing has ended. */
export function recordTimeline(platform: KubernetesPlatform): { events: TimelineEvent[]; stop(): Promise<void> } {
  const events: TimelineEvent[] = [];
  const controller = new AbortController();
  const running = platform.observe((event) => events.push(event), controller.signal);
  return {
    events,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/** `type pod` lines of the events, for readable failures. */
export const brief = (events: TimelineEvent[]) =>
  events.map((event) => `${event.type} ${event.pod ?? event.subject ?? ''}`);
