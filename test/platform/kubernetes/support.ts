import { readFile } from 'node:fs/promises';
import { KubeConfig, KubernetesObjectApi, loadAllYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import type { ApiFaults } from '../../../src/cluster/api/faults.js';
import type { ClusterOptions } from '../../../src/cluster/cluster.js';
import {
  KubernetesPlatform,
  type KubernetesPlatformOptions,
} from '../../../src/platform/kubernetes/kubernetes-platform.js';
import type { TimelineEvent } from '../../../src/platform/kubernetes/types.js';
import { eventually, listPods, sampleAppManifest, startTestCluster, type TestCluster } from '../../cluster/support.js';
import { startTcpRelay, type TcpRelay } from './tcp-relay.js';

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
  events.map((event) => `${event.type} ${event.pod ?? event.object ?? event.node ?? ''}`);

/** Waits until the sample app's pods are `count`, all ready and none terminating (after a create or a rollout). */
export async function sampleAppReady(cluster: TestCluster, count = 3, timeoutMs = 30_000): Promise<void> {
  await eventually(async () => {
    const pods = await listPods(cluster, 'app=sample-app');
    const ready = pods.filter(
      (pod) =>
        pod.metadata?.deletionTimestamp === undefined &&
        pod.status?.conditions?.some(
          (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
        ),
    );
    return pods.length === count && ready.length === count ? true : undefined;
  }, timeoutMs);
}

/** A sample-app cluster started before the suite's tests and stopped after them; `sample` is set in beforeAll. */
export function useSampleCluster(options: Partial<ClusterOptions> = {}): { sample: SampleCluster } {
  const setup = {} as { sample: SampleCluster };
  beforeAll(async () => {
    setup.sample = await startSampleCluster(options);
  }, 30_000);
  afterAll(async () => {
    await setup.sample?.cluster.close();
  });
  return setup;
}

/** A sample-app cluster with faults on command, and a relay in front of its API server. */
export interface FaultyCluster {
  sample: SampleCluster;
  faults: ApiFaults;
  relay: TcpRelay;
  /** The cluster through the relay. */
  kubeConfig: KubeConfig;
}

/**
 * A sample-app cluster whose pods do not run (actions that wait on them wait until told otherwise), with
 * `injectFaults` and a relay: started before the suite's tests, stopped after; its fields are set in beforeAll.
 */
export function useFaultyCluster(): FaultyCluster {
  const setup = {} as FaultyCluster;
  beforeAll(async () => {
    setup.sample = await startSampleCluster({ runPods: false, injectFaults: true });
    setup.faults = setup.sample.cluster.faults as ApiFaults;
    setup.relay = await startTcpRelay(Number(new URL(setup.sample.cluster.url).port));
    setup.kubeConfig = await kubeConfigThrough(setup.sample.cluster, setup.relay.port);
  }, 30_000);
  afterAll(async () => {
    await setup.relay?.close();
    await setup.sample?.cluster.close();
  });
  return setup;
}
