import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { eventually } from '../../cluster/support.js';
import { brief, recordTimeline, type SampleCluster, startSampleCluster } from './support.js';

/** A rollout of three sample-app pods takes a few seconds; a busy machine may need more. */
const actionTimeoutMs = 60_000;

describe('KubernetesPlatform on the embedded cluster', () => {
  let sample: SampleCluster;
  let platform: KubernetesPlatform;
  const signal = () => AbortSignal.timeout(actionTimeoutMs);
  beforeAll(async () => {
    sample = await startSampleCluster();
    platform = sample.platform();
  }, 30_000);
  afterAll(async () => {
    await sample?.cluster.close();
  });

  it(
    'start waits for the rollout, resolves the NodePort URL, and the URL answers 200',
    async () => {
      const { url } = await platform.start(signal());
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(url)).status).toBe(200);
      const settings = await platform.settings();
      expect(settings).toMatchObject({
        name: 'default/sample-app',
        replicas: 3,
        strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
        terminationGracePeriodSeconds: 30,
      });
      expect(settings.containers.map((container) => container.name)).toEqual(['app']);
      expect(settings.containers[0]?.readinessProbe?.periodSeconds).toBe(1);
    },
    actionTimeoutMs,
  );

  it('a missing deployment is a platform error (exit 5) naming it, its namespace and the context', async () => {
    await expect(sample.platform({ deployment: 'nope' }).start(signal())).rejects.toMatchObject({
      message: 'deployment "nope" not found in namespace "default" (context "test")',
      code: 'KUBERNETES_NOT_FOUND',
      exitCode: 5,
    });
  });

  it(
    'rollout restart: new pods, revision 2, and the timeline shows each pod created, ready, terminating, exited and its endpoint',
    async () => {
      const timeline = recordTimeline(platform);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const report = await platform.act({ type: 'rollout', id: 'rollout@1s', change: { kind: 'restart' } }, signal());
      // kubectl counts a rollout done once the old pods are terminating: their exits may come a little later.
      const exited = (pod: string) => timeline.events.some((event) => event.type === 'pod-exited' && event.pod === pod);
      await eventually(() => (report.podsRemoved.every(exited) ? true : undefined), 10_000);
      await timeline.stop();
      expect(report.podsRemoved).toHaveLength(3);
      expect(report.podsCreated).toHaveLength(3);
      expect(report.podsCreated.filter((name) => report.podsRemoved.includes(name))).toEqual([]);
      const deployment = await sample.cluster.api('/apis/apps/v1/namespaces/default/deployments/sample-app');
      expect(deployment.json.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
      const events = timeline.events;
      const lines = brief(events);
      for (const pod of report.podsRemoved) {
        for (const type of ['pod-terminating', 'pod-exited', 'endpoint-removed'])
          expect(lines).toContain(`${type} ${pod}`);
      }
      for (const pod of report.podsCreated) {
        for (const type of ['pod-created', 'pod-ready', 'endpoint-added']) expect(lines).toContain(`${type} ${pod}`);
      }
      // Every event arrived through a watch during the action (or before it), stamped on arrival.
      const during = events.filter((event) => event.atMs >= report.startedMs);
      expect(during.every((event) => event.source === 'client')).toBe(true);
      for (const pod of report.podsRemoved) {
        const at = (type: string) =>
          events.find((event) => event.type === type && event.pod === pod)?.atMs ?? Number.NaN;
        expect(at('pod-terminating')).toBeLessThanOrEqual(at('pod-exited'));
      }
    },
    actionTimeoutMs,
  );

  it('set image on an unknown container fails listing the containers, and changes nothing', async () => {
    await expect(
      platform.act({ type: 'rollout', id: 'x', change: { kind: 'image', images: { web: 'nginx:1' } } }, signal()),
    ).rejects.toThrow('unable to find container named "web" in deployment default/sample-app; its containers: app');
  });

  it(
    'scale 3 → 5 waits for five ready pods; restore puts back 3',
    async () => {
      const report = await platform.act({ type: 'scale', id: 'scale@1s', replicas: 5 }, signal());
      expect(report.podsCreated).toHaveLength(2);
      const scale = async () =>
        (await sample.cluster.api('/apis/apps/v1/namespaces/default/deployments/sample-app/scale')).json.spec.replicas;
      expect(await scale()).toBe(5);
      const restored = await platform.restore();
      expect(restored).toEqual({ restored: ['replicas of default/sample-app 5 → 3'], leftChanged: [] });
      expect(await scale()).toBe(3);
      expect(await platform.restore()).toEqual({ restored: [], leftChanged: [] });
    },
    actionTimeoutMs,
  );

  it(
    'deletePod random: the pod goes and a new one is ready',
    async () => {
      await platform.start(signal());
      const report = await platform.act({ type: 'deletePod', id: 'delete@1s', pod: 'random' }, signal());
      expect(report.podsRemoved).toHaveLength(1);
      expect(report.podsCreated.length).toBeGreaterThanOrEqual(1);
    },
    actionTimeoutMs,
  );

  it(
    'deletePod naming a pod the Deployment does not have: NO_SUCH_POD (exit 3), as on the local platform',
    async () => {
      await expect(
        platform.act({ type: 'deletePod', id: 'delete@1s', pod: 'sample-app-no-such-pod' }, signal()),
      ).rejects.toMatchObject({ code: 'NO_SUCH_POD', exitCode: 3, hint: expect.stringContaining('its pods now: ') });
    },
    actionTimeoutMs,
  );

  it(
    'set image to another tag rolls out a new revision that runs it',
    async () => {
      const image = 'ghcr.io/rollbench/rollbench:0.1.1';
      const report = await platform.act(
        { type: 'rollout', id: 'image@1s', change: { kind: 'image', images: { app: image } } },
        signal(),
      );
      expect(report.podsCreated).toHaveLength(3);
      expect((await platform.settings()).containers[0]?.image).toBe(image);
    },
    actionTimeoutMs,
  );

  it(
    'a rollout past its progress deadline fails with kubectl rollout status error',
    async () => {
      await sample.cluster.api('/apis/apps/v1/namespaces/default/deployments/sample-app', {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { progressDeadlineSeconds: 2 } },
      });
      // An image this machine cannot run: the new pod never becomes ready (ErrImagePull).
      const change = { kind: 'image' as const, images: { app: 'nginx:1.27' } };
      await expect(platform.act({ type: 'rollout', id: 'bad@1s', change }, signal())).rejects.toMatchObject({
        message: expect.stringContaining('deployment "sample-app" exceeded its progress deadline'),
        code: 'PROGRESS_DEADLINE_EXCEEDED',
        exitCode: 5,
      });
    },
    actionTimeoutMs,
  );
});
