import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
type Json = any;

const podsPath = '/api/v1/namespaces/default/pods';
const every1s = { periodSeconds: 1 };

describe('the kubelet honours liveness and startup probes, and keeps resources as given', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: true, nodeCount: 1 });
  });
  afterAll(async () => {
    await cluster.close();
  });

  const create = async (name: string, container: Json) => {
    const body = { metadata: { name }, spec: { terminationGracePeriodSeconds: 1, containers: [container] } };
    const created = await cluster.api(podsPath, { method: 'POST', body });
    expect(created.status, created.text).toBe(201);
  };
  const statusOf = async (name: string): Promise<Json> =>
    (await cluster.api(`${podsPath}/${name}`)).json.status.containerStatuses?.[0];
  const eventsOf = async (name: string): Promise<string[]> =>
    (await cluster.api(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`)).json.items.map(
      (event: Json) => `${event.type} ${event.reason}: ${event.message}`,
    );
  const shell = (script: string) => ({ name: 'main', image: 'debian:bookworm', command: ['/bin/sh', '-c', script] });

  it('liveness (exec): the container is killed and restarted once the probe fails, with Unhealthy and Killing', async () => {
    const marker = join(cluster.dir, 'alive');
    await writeFile(marker, '');
    await create('liveness-exec', {
      ...shell('sleep 600'),
      livenessProbe: { exec: { command: ['test', '-f', marker] }, ...every1s, failureThreshold: 2 },
    });
    await eventually(async () => ((await statusOf('liveness-exec'))?.state.running ? true : undefined), 10_000);
    await sleep(2500); // passing: nothing happens
    expect((await statusOf('liveness-exec')).restartCount).toBe(0);
    await rm(marker);
    const restarted = await eventually(async () => {
      const status = await statusOf('liveness-exec');
      return status?.restartCount >= 1 ? status : undefined;
    }, 10_000);
    expect(restarted.lastState.terminated.exitCode).toBe(143); // SIGTERM, as the kubelet's kill sends first
    const events = await eventsOf('liveness-exec');
    expect(events).toContain(
      `Warning Unhealthy: Liveness probe failed: command 'test -f ${marker}' did not exit 0 within 1s`,
    );
    expect(events).toContain('Normal Killing: Container main failed liveness probe, will be restarted');
  }, 30_000);

  it('liveness (httpGet): a port nobody answers on fails it the same way', async () => {
    await create('liveness-http', {
      ...shell('sleep 600'),
      ports: [{ name: 'health', containerPort: 9090 }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'health' }, ...every1s, failureThreshold: 1 },
    });
    await eventually(async () => ((await statusOf('liveness-http'))?.restartCount >= 1 ? true : undefined), 15_000);
    const events = await eventsOf('liveness-http');
    expect(
      events.some((event) => event.startsWith('Warning Unhealthy: Liveness probe failed: Get "http://127.0.0.1:')),
    ).toBe(true);
    expect(events).toContain('Normal Killing: Container main failed liveness probe, will be restarted');
  }, 30_000);

  it('startup: readiness and liveness wait for it; started and ready only after it succeeds', async () => {
    const started = join(cluster.dir, 'started');
    const unwell = join(cluster.dir, 'unwell');
    await writeFile(unwell, '');
    await create('slow-start', {
      ...shell('sleep 600'),
      startupProbe: { exec: { command: ['test', '-f', started] }, ...every1s, failureThreshold: 60 },
      readinessProbe: { exec: { command: ['true'] }, ...every1s },
      // Fails at once while the file is there, if it runs.
      livenessProbe: { exec: { command: ['test', '!', '-f', unwell] }, ...every1s, failureThreshold: 1 },
    });
    await eventually(async () => ((await statusOf('slow-start'))?.state.running ? true : undefined), 10_000);
    await sleep(2500);
    const waiting = await statusOf('slow-start');
    expect(waiting).toMatchObject({ started: false, ready: false, restartCount: 0 });
    expect((await cluster.api(`${podsPath}/slow-start`)).json.status.phase).toBe('Running');
    const before = await eventsOf('slow-start');
    expect(before.some((event) => event.includes('Startup probe failed'))).toBe(true);
    expect(before.some((event) => event.includes('Liveness probe failed'))).toBe(false);
    await rm(unwell);
    await writeFile(started, '');
    const ready = await eventually(async () => {
      const status = await statusOf('slow-start');
      return status?.started && status.ready ? status : undefined;
    }, 10_000);
    expect(ready.restartCount).toBe(0);
    // Now the liveness probe runs.
    await writeFile(unwell, '');
    await eventually(async () => ((await statusOf('slow-start'))?.restartCount >= 1 ? true : undefined), 10_000);
    expect(await eventsOf('slow-start')).toContain(
      'Normal Killing: Container main failed liveness probe, will be restarted',
    );
  }, 40_000);

  it('startup: failing it failureThreshold times kills and restarts the container', async () => {
    await create('never-starts', {
      ...shell('sleep 600'),
      startupProbe: { exec: { command: ['false'] }, ...every1s, failureThreshold: 2 },
    });
    await eventually(async () => ((await statusOf('never-starts'))?.restartCount >= 1 ? true : undefined), 15_000);
    expect(await eventsOf('never-starts')).toContain(
      'Normal Killing: Container main failed startup probe, will be restarted',
    );
  }, 30_000);

  it('resources: kept as given, a limit without a request defaults the request, and the QoS class follows', async () => {
    await create('sized', {
      ...shell('sleep 600'),
      resources: { limits: { cpu: '500m', memory: '128Mi' } },
    });
    const pod = (await cluster.api(`${podsPath}/sized`)).json;
    expect(pod.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '500m', memory: '128Mi' },
    });
    expect(pod.status.qosClass).toBe('Guaranteed');
  });
});
