import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Cluster, type ClusterOptions, startCluster } from '../../src/cluster/cluster.js';
import { kubeconfigText } from '../../src/cluster/kubeconfig.js';

/**
 * The oldest kubectl the embedded cluster serves: from 1.27 kubectl validates through /openapi/v3 (or leaves
 * it to the server's fieldValidation); older ones need /openapi/v2, which it does not serve. Debian bookworm's
 * `kubernetes-client` is 1.20.
 */
const MIN_KUBECTL_MINOR = 27;

/** The minor version of a kubectl binary, or undefined when it does not answer. */
function kubectlMinor(path: string): number | undefined {
  try {
    const info = JSON.parse(
      execFileSync(path, ['version', '--client', '-o', 'json'], { timeout: 10_000, killSignal: 'SIGKILL' }).toString(),
    );
    return Number.parseInt(String(info.clientVersion?.minor), 10);
  } catch {
    return undefined;
  }
}

function findKubectl(): string | undefined {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'kubectl'))
    .find((candidate) => existsSync(candidate));
  if (found === undefined) return undefined;
  const minor = kubectlMinor(found);
  if (minor === undefined || minor < MIN_KUBECTL_MINOR) {
    process.stderr.write(
      `kubectl tests skipped: ${found} is v1.${minor ?? '?'}; the embedded cluster needs kubectl ≥ 1.${MIN_KUBECTL_MINOR}\n`,
    );
    return undefined;
  }
  return found;
}

/** A kubectl the embedded cluster serves (≥ 1.27) on PATH, or undefined: the kubectl tests skip without one. */
export const kubectlPath = findKubectl();

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
  json: any;
  text: string;
}

export interface TestCluster extends Cluster {
  dir: string;
  kubeconfig: string;
  /** A request to the API with the cluster's token (or `token: null` for none), trusting its certificate. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; contentType?: string; token?: string | null; accept?: string },
  ): Promise<Answer>;
  /** Runs kubectl against the cluster with its own cache dir; killed after `timeoutMs`. */
  kubectl(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** A cluster on a free port; its pods are not run unless `runPods: true` (most tests play the kubelet). */
export async function startTestCluster(options: Partial<ClusterOptions> = {}): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'rollbench-cluster-'));
  const cluster = await startCluster({
    port: 0,
    nodeCount: 3,
    dataDir: join(dir, 'data'),
    runPods: false,
    ...options,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    kubeconfigText({ server: cluster.url, token: cluster.token, name: 'test', caPem: cluster.caPem }),
  );
  const dispatcher = new Agent({ connect: { ca: cluster.caPem } });
  return {
    ...cluster,
    dir,
    kubeconfig,
    async api(path, init = {}) {
      const token = init.token === undefined ? cluster.token : init.token;
      const response = await fetch(`${cluster.url}${path}`, {
        method: init.method ?? 'GET',
        dispatcher,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          'content-type': init.contentType ?? 'application/json',
          accept: init.accept ?? 'application/json',
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    },
    kubectl(args, timeoutMs = 15_000) {
      return new Promise((done) => {
        const child = execFile(
          kubectlPath ?? 'kubectl',
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args],
          { timeout: timeoutMs, killSignal: 'SIGKILL' },
          (error, stdout, stderr) =>
            done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
        child.stdin?.end();
      });
    },
    async close() {
      await dispatcher.close();
      await cluster.close();
    },
  };
}

/** Polls `check` every 25 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Reports a scheduled pod Running and Ready through `/status`, as the kubelet does once its process passes its
 * readiness probe: tests of a cluster with `runPods: false` play that kubelet to drive the controllers.
 */
export async function reportReady(cluster: TestCluster, namespace: string, name: string, podIp: string): Promise<void> {
  const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const pod = (await cluster.api(path)).json;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  pod.status = {
    ...pod.status,
    phase: 'Running',
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: now,
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(condition),
    containerStatuses: pod.spec.containers.map((container: { name: string; image: string }) => ({
      name: container.name,
      image: container.image,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
  };
  const written = await cluster.api(`${path}/status`, { method: 'PUT', body: pod });
  if (written.status !== 200) throw new Error(`status of ${name}: ${written.text}`);
}

/** The pods of a namespace, optionally by label selector. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
export async function listPods(cluster: TestCluster, selector = ''): Promise<any[]> {
  return (await cluster.api(`/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(selector)}`)).json
    .items;
}

/** `deploy/sample-app.yaml`: what the kubectl tests create. */
export const sampleAppManifest = new URL('../../deploy/sample-app.yaml', import.meta.url).pathname;

/** The names of the sample app's pods, as kubectl lists them. */
export async function samplePodNames(cluster: TestCluster): Promise<string[]> {
  const listed = await cluster.kubectl([
    'get',
    'pods',
    '-l',
    'app=sample-app',
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return listed.stdout.split(' ').filter((name) => name !== '');
}

/** One rollout of three sample-app pods takes a few seconds; a busy machine may need more. */
export const rolloutTimeoutMs = 45_000;

/**
 * A cluster that runs pods, on two nodes (so that one holds two of the three pods and draining it meets the
 * budget, minAvailable 2), with `deploy/sample-app.yaml` created: started before the suite's tests, stopped after.
 */
export function useSampleAppCluster(): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: true, nodeCount: 2 });
    expect((await cluster.kubectl(['create', '-f', sampleAppManifest])).code).toBe(0);
  });
  afterAll(async () => {
    await cluster?.close();
  });
  return () => {
    if (cluster === undefined) throw new Error('the cluster starts in beforeAll');
    return cluster;
  };
}
