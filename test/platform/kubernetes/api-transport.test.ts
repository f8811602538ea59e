import { beforeAll, describe, expect, it } from 'vitest';
import { makeClients, mergePatch } from '../../../src/platform/kubernetes/client.js';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { useFaultyCluster } from './support.js';

// Every API call but a watch goes through the platform's transport: a deadline per call, and client-go's retries
// (429/5xx with Retry-After, a GET whose connection broke). Exercised through the real client against the
// embedded cluster with faults injected, and through a relay that hangs or drops connections.

const deployment = '/apis/apps/v1/namespaces/default/deployments/sample-app';
/** Short, so that a hung call ends quickly; the default is 30 s. */
const requestTimeoutMs = 2000;

describe('API calls under faults: deadline and retries', () => {
  const setup = useFaultyCluster();
  let platform: KubernetesPlatform;
  /** Through the relay too, with the default deadline (30 s). */
  let relayed: KubernetesPlatform;
  beforeAll(() => {
    platform = setup.sample.platform({ kubeConfig: setup.kubeConfig, requestTimeoutMs });
    relayed = setup.sample.platform({ kubeConfig: setup.kubeConfig });
  });

  it('calls share a keep-alive TLS connection (client-node alone opened one per call)', async () => {
    const before = setup.relay.accepted;
    for (let i = 0; i < 10; i++) expect((await relayed.settings()).replicas).toBe(3);
    expect(setup.relay.accepted - before).toBeLessThanOrEqual(1);
  });

  it('a hung API server (connections accepted, never answered) fails the call at its deadline', async () => {
    setup.relay.hang(true);
    const startedMs = performance.now();
    try {
      await expect(platform.settings()).rejects.toThrow(`no answer from the API server within 2 s (GET ${deployment})`);
    } finally {
      setup.relay.hang(false);
      setup.relay.cut();
    }
    const tookMs = performance.now() - startedMs;
    expect(tookMs).toBeGreaterThanOrEqual(requestTimeoutMs - 50);
    expect(tookMs).toBeLessThan(requestTimeoutMs + 3000);
  });

  it('a 429 storm with Retry-After: 1 is waited out, a second per answer, and the call succeeds', async () => {
    setup.faults.failNext({ method: 'GET', path: deployment, status: 429, count: 3, retryAfterSeconds: 1 });
    const startedMs = performance.now();
    const settings = await relayed.settings();
    expect(settings.replicas).toBe(3);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(3 * 1000 - 50);
  });

  it('a 503 with Retry-After on a write is retried too; a 500 without one is not (client-go)', async () => {
    setup.faults.failNext({ method: 'PATCH', path: deployment, status: 503, count: 1, retryAfterSeconds: 1 });
    const { apps } = makeClients(setup.kubeConfig, requestTimeoutMs);
    const body = { spec: { replicas: 3 } };
    const scaled = await apps.patchNamespacedDeploymentScale(
      { name: 'sample-app', namespace: 'default', body },
      mergePatch,
    );
    expect(scaled.spec?.replicas).toBe(3);
    setup.faults.failNext({ method: 'GET', path: deployment, status: 500, count: 1 });
    await expect(platform.settings()).rejects.toMatchObject({ code: 500 });
    expect((await platform.settings()).replicas).toBe(3);
  });

  it('a storm longer than the deadline ends with the server’s own answer, not a timeout', async () => {
    setup.faults.failNext({ method: 'GET', path: deployment, status: 429, count: 1, retryAfterSeconds: 5 });
    const startedMs = performance.now();
    await expect(platform.settings()).rejects.toMatchObject({ code: 429 });
    expect(performance.now() - startedMs).toBeLessThan(requestTimeoutMs);
  });

  it('a GET whose connections are dropped is asked again every second until the server is back', async () => {
    setup.relay.refuse(true);
    setTimeout(() => setup.relay.refuse(false), 1200);
    expect((await relayed.settings()).replicas).toBe(3);
  });
});
