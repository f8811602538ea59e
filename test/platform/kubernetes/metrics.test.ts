import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { eventually, listPods } from '../../cluster/support.js';
import { type SampleCluster, startSampleCluster } from './support.js';

describe('resource samples from metrics.k8s.io on the embedded cluster', () => {
  let sample: SampleCluster;
  beforeAll(async () => {
    sample = await startSampleCluster();
  }, 30_000);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  it("one sample per container of the Deployment's pods, its memory a process's", async () => {
    const platform = sample.platform();
    await platform.start(AbortSignal.timeout(60_000));
    // A pod has metrics once the kubelet has read it twice.
    const samples = await eventually(async () => {
      const got = await platform.sample();
      return got.length >= 3 ? got : undefined;
    }, 20_000);
    const pods = (await listPods(sample.cluster, 'app=sample-app')).map((pod) => pod.metadata.name);
    expect(new Set(samples.map((one) => one.pod))).toEqual(new Set(pods));
    for (const one of samples) {
      expect(one.container).toBe('app');
      expect(one.cpuMillicores).toBeGreaterThanOrEqual(0);
      // A Node.js process's resident set is tens of MiB.
      expect(one.memoryBytes).toBeGreaterThan(10 * 1024 * 1024);
    }
    expect(platform.capabilities().metrics).toBe(true);
    expect(sample.warnings.filter((warning) => warning.includes('metrics.k8s.io'))).toEqual([]);
  }, 60_000);
});

/** One pod's reading as metrics-server serves it: the same window until the next scrape. */
const podMetrics = {
  metadata: { name: 'sample-app-1', namespace: 'default' },
  timestamp: '2026-11-28T22:00:15Z',
  window: '15.012s',
  containers: [{ name: 'app', usage: { cpu: '250000001n', memory: '64Mi' } }],
};

describe('a fake API server with and without metrics.k8s.io', () => {
  let servingMetrics = false;
  let server: Server;
  let kubeConfig: KubeConfig;
  beforeAll(async () => {
    // An API server that knows the Deployment and nothing else: metrics.k8s.io answers 404 as on a cluster
    // without metrics-server.
    server = createServer((request, response) => {
      const metrics = servingMetrics && request.url?.startsWith('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
      const known = request.url?.startsWith('/apis/apps/v1/namespaces/default/deployments/sample-app') || metrics;
      response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          metrics
            ? { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: [podMetrics] }
            : known
              ? {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  metadata: { name: 'sample-app', namespace: 'default' },
                  spec: { selector: { matchLabels: { app: 'sample-app' } }, template: { spec: { containers: [] } } },
                }
              : {
                  kind: 'Status',
                  apiVersion: 'v1',
                  status: 'Failure',
                  reason: 'NotFound',
                  code: 404,
                  message: 'the server could not find the requested resource',
                },
        ),
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        { name: 'bare', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
      ],
      users: [{ name: 'anyone' }],
      contexts: [{ name: 'bare', cluster: 'bare', user: 'anyone' }],
      currentContext: 'bare',
    });
  });
  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
  });

  it('sample() is empty, capabilities say so, and one warning says why', async () => {
    const warnings: string[] = [];
    const platform = new KubernetesPlatform({
      kubeConfig,
      namespace: 'default',
      deployment: 'sample-app',
      onWarning: (message) => warnings.push(message),
    });
    expect(platform.capabilities().metrics).toBe(true);
    expect(await platform.sample()).toEqual([]);
    expect(await platform.sample()).toEqual([]);
    expect(platform.capabilities().metrics).toBe(false);
    expect(warnings).toEqual([
      'the cluster does not serve metrics.k8s.io: resource sampling skipped (install metrics-server for CPU and memory per container)',
    ]);
  });

  it('a served reading becomes one sample per container, quantities parsed like kubectl top, each window once', async () => {
    servingMetrics = true;
    const platform = new KubernetesPlatform({ kubeConfig, namespace: 'default', deployment: 'sample-app' });
    const [first, ...rest] = await platform.sample();
    expect(rest).toEqual([]);
    // 250000001n rounds up to 251m, like Quantity.MilliValue().
    expect(first).toMatchObject({
      pod: 'sample-app-1',
      container: 'app',
      cpuMillicores: 251,
      memoryBytes: 64 * 1024 * 1024,
    });
    expect(await platform.sample()).toEqual([]);
  });
});
