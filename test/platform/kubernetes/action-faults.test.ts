import { beforeAll, describe, expect, it } from 'vitest';
import { RollbenchError } from '../../../src/core/errors.js';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { eventually } from '../../cluster/support.js';
import { useFaultyCluster } from './support.js';

// An action waiting on the cluster (here a scale: no pods run, so it waits until told otherwise) when the API
// server goes away or stops accepting the credentials: it ends with an error saying so — after the request
// deadline of silence, or at once on a 401 — instead of waiting for the run timeout.

const requestTimeoutMs = 3000;
const scalePath = '/apis/apps/v1/namespaces/default/deployments/sample-app';

describe('an action under way when the API server goes away', () => {
  const setup = useFaultyCluster();
  let platform: KubernetesPlatform;
  beforeAll(() => {
    platform = setup.sample.platform({ kubeConfig: setup.kubeConfig, requestTimeoutMs });
  });

  const replicas = async () => (await setup.sample.cluster.api(scalePath)).json.spec.replicas as number;

  it('gone: the scale fails after the deadline of silence (exit 5), and restore puts the replicas back once it is back', async () => {
    const scaling = platform.act({ type: 'scale', id: 'scale@1s', replicas: 5 }, AbortSignal.timeout(60_000));
    scaling.catch(() => {});
    await eventually(async () => ((await replicas()) === 5 ? true : undefined), 10_000);
    setup.relay.refuse(true);
    setup.relay.cut();
    const cutMs = performance.now();
    const error = await scaling.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const tookMs = performance.now() - cutMs;
    expect(error).toBeInstanceOf(RollbenchError);
    expect((error as RollbenchError).exitCode).toBe(5);
    expect((error as Error).message).toMatch(
      /^scale@1s: the API server at https:\/\/127\.0\.0\.1:\d+ did not answer: no answer from the API server for \d s \(last: /,
    );
    expect(tookMs).toBeGreaterThanOrEqual(requestTimeoutMs - 100);
    expect(tookMs).toBeLessThan(requestTimeoutMs + 3000);
    setup.relay.refuse(false);
    expect(await platform.restore()).toEqual({ restored: ['replicas of default/sample-app 5 → 3'], leftChanged: [] });
    expect(await replicas()).toBe(3);
  }, 30_000);

  it('hung (connections accepted, never answered): the watches reopened in vain give up too, and nothing is left waiting', async () => {
    const scaling = platform.act({ type: 'scale', id: 'scale@3s', replicas: 5 }, AbortSignal.timeout(60_000));
    scaling.catch(() => {});
    await eventually(async () => ((await replicas()) === 5 ? true : undefined), 10_000);
    setup.relay.hang(true);
    setup.relay.cut();
    const cutMs = performance.now();
    const error = await scaling.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    // A reopened watch unanswered for 3 s fails; failing for 3 s more gives up: about 6 s, then everything closes.
    expect(performance.now() - cutMs).toBeLessThan(4 * requestTimeoutMs);
    expect((error as RollbenchError).exitCode).toBe(5);
    expect((error as Error).message).toMatch(
      /^scale@3s: .* did not answer: no answer from the API server for \d s \(last: no answer from the API server within 3 s \(GET /,
    );
    setup.relay.hang(false);
    setup.relay.cut();
    expect(await platform.restore()).toEqual({ restored: ['replicas of default/sample-app 5 → 3'], leftChanged: [] });
  }, 30_000);

  it('credentials revoked (401 from then on): the scale fails at once saying so, and restore names what it left', async () => {
    const scaling = platform.act({ type: 'scale', id: 'scale@2s', replicas: 4 }, AbortSignal.timeout(60_000));
    scaling.catch(() => {});
    await eventually(async () => ((await replicas()) === 4 ? true : undefined), 10_000);
    // Every request from now on (the last test of this cluster); a watch already open is not asked again until
    // it reconnects, as on a real API server: its streams are cut.
    setup.faults.failNext({ path: '/', status: 401, count: 1_000_000 });
    setup.faults.dropWatches();
    const error = await scaling.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(RollbenchError);
    expect((error as RollbenchError).exitCode).toBe(5);
    expect((error as RollbenchError).message).toMatch(
      /^scale@2s: the API server at https:\/\/127\.0\.0\.1:\d+ no longer accepts the credentials of context "test" \(401 Unauthorized/,
    );
    expect((error as RollbenchError).hint).toContain('get fresh credentials for context "test"');
    expect(await platform.restore()).toEqual({
      restored: [],
      leftChanged: [
        'replicas of default/sample-app not restored to 3 (kubectl scale deployment/sample-app -n default --replicas=3): Unauthorized (401): the API server no longer accepts these credentials',
      ],
    });
  }, 30_000);
});
