import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
type Json = any;

const podsPath = '/api/v1/namespaces/default/pods';

/** Whether a process is alive (signal 0 asks without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidOf = (pod: Json): number => Number(String(pod.status.containerStatuses[0].containerID).split('//')[1]);

describe('the kubelet runs pods as local processes', () => {
  let cluster: TestCluster;
  const pids: number[] = [];
  beforeAll(async () => {
    cluster = await startTestCluster({ runPods: true, nodeCount: 1 });
  });
  afterAll(async () => {
    await cluster.close();
    // No pod process outlives the cluster.
    expect(pids.filter(alive)).toEqual([]);
  });

  const create = async (pod: Json) => {
    const created = await cluster.api(podsPath, { method: 'POST', body: pod });
    expect(created.status, created.text).toBe(201);
  };
  const get = async (name: string): Promise<Json> => (await cluster.api(`${podsPath}/${name}`)).json;
  const eventsOf = async (name: string): Promise<string[]> =>
    (await cluster.api(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`)).json.items.map(
      (event: Json) => `${event.type} ${event.reason}: ${event.message}`,
    );

  it('the project image runs the sample app on its own loopback port, Running and Ready, with its events and log', async () => {
    await create({
      metadata: { name: 'sample' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'ghcr.io/rollbench/rollbench:0.1.0',
            args: ['sample-app', '--port', '8080'],
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
          },
        ],
      },
    });
    const pod = await eventually(async () => {
      const current = await get('sample');
      return current.status.conditions?.some((c: Json) => c.type === 'Ready' && c.status === 'True')
        ? current
        : undefined;
    }, 10_000);
    pids.push(pidOf(pod));
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '127.0.0.1', hostIP: '127.0.0.1' });
    expect(pod.status.conditions.map((c: Json) => `${c.type}=${c.status}`).sort()).toEqual([
      'ContainersReady=True',
      'Initialized=True',
      'PodReadyToStartContainers=True',
      'PodScheduled=True',
      'Ready=True',
    ]);
    expect(pod.status.containerStatuses[0]).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0 });
    expect(pod.status.containerStatuses[0].state.running.startedAt).toMatch(/Z$/);
    const hostPort = JSON.parse(pod.metadata.annotations['rollbench.dev/host-ports'])['8080'];
    const answer = await fetch(`http://127.0.0.1:${hostPort}/`);
    expect(answer.headers.get('x-rollbench-pod')).toBe('sample');
    const events = await eventsOf('sample');
    expect(events).toContain(
      'Normal Pulled: Container image "ghcr.io/rollbench/rollbench:0.1.0" already present on machine',
    );
    expect(events).toContain('Normal Created: Created container: app');
    expect(events).toContain('Normal Started: Started container app');
    const log = await cluster.api(`${podsPath}/sample/log`);
    expect(log.text).toContain(`listening on http://127.0.0.1:${hostPort}`);
  });

  it('an image it cannot run waits with ErrImagePull and says why', async () => {
    await create({ metadata: { name: 'nginx' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    const waiting = await eventually(async () => (await get('nginx')).status.containerStatuses?.[0]?.state.waiting);
    expect(waiting.reason).toBe('ErrImagePull');
    expect(waiting.message).toContain('image "nginx:1.27" cannot be run here');
    expect((await get('nginx')).status.phase).toBe('Pending');
    expect(await eventsOf('nginx')).toContain('Warning Failed: Error: ErrImagePull');
  });

  it('a command gets env with the downward API; deletion runs preStop, then SIGTERM, then SIGKILL 2 s later at the least', async () => {
    const marker = join(cluster.dir, 'prestop-ran');
    await create({
      metadata: { name: 'stubborn' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'main',
            image: 'debian:bookworm',
            command: ['/bin/sh', '-c'],
            args: ["echo name=$(POD_NAME) ip=$POD_IP; trap 'echo got TERM' TERM; while :; do sleep 0.1; done"],
            env: [
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            ],
            lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', `echo ran > ${marker}`] } } },
          },
        ],
      },
    });
    const running = await eventually(async () => {
      const current = await get('stubborn');
      return current.status.containerStatuses?.[0]?.ready ? current : undefined;
    });
    pids.push(pidOf(running));
    await eventually(async () =>
      (await cluster.api(`${podsPath}/stubborn/log`)).text.includes('name=') ? true : undefined,
    );
    expect((await cluster.api(`${podsPath}/stubborn/log`)).text).toContain('name=stubborn ip=127.0.0.1');
    const deletedAtMs = Date.now();
    expect((await cluster.api(`${podsPath}/stubborn`, { method: 'DELETE' })).status).toBe(200);
    await eventually(async () => ((await cluster.api(`${podsPath}/stubborn`)).status === 404 ? true : undefined), 6000);
    // It ignores SIGTERM: SIGKILL came after the grace period (1 s), raised to the kubelet's minimum of 2 s.
    expect(Date.now() - deletedAtMs).toBeGreaterThanOrEqual(1900);
    expect(alive(pidOf(running))).toBe(false);
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
    expect(await eventsOf('stubborn')).toContain('Normal Killing: Stopping container main');
  });

  it('an exec readiness probe: Ready once its command exits 0', async () => {
    const marker = join(cluster.dir, 'ready-now');
    await create({
      metadata: { name: 'exec-probed' },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'local',
            command: ['sleep', '300'],
            readinessProbe: { exec: { command: ['test', '-f', marker] }, periodSeconds: 1 },
          },
        ],
      },
    });
    const running = await eventually(async () => {
      const current = await get('exec-probed');
      return current.status.phase === 'Running' ? current : undefined;
    });
    pids.push(pidOf(running));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await get('exec-probed')).status.containerStatuses[0].ready).toBe(false);
    await writeFile(marker, '');
    await eventually(async () => ((await get('exec-probed')).status.containerStatuses[0].ready ? true : undefined));
  });

  it('a container that exits is restarted at once, then with back-off (10 s), its last state kept', async () => {
    await create({
      metadata: { name: 'crasher' },
      spec: { containers: [{ name: 'main', image: 'local', command: ['/bin/sh', '-c', 'echo bye; exit 3'] }] },
    });
    // The first restart comes at once (no back-off entry yet, as in the kubelet's doBackOff); the second crash
    // finds the container in back-off.
    const status = await eventually(async () => {
      const current = (await get('crasher')).status.containerStatuses?.[0];
      return current?.restartCount === 2 ? current : undefined;
    });
    expect(status.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.state.waiting.message).toMatch(/^back-off 10s restarting failed container=main pod=crasher_/);
    // Each run of the container has its own log, as under /var/log/pods: the current one and --previous.
    const log = '/api/v1/namespaces/default/pods/crasher/log';
    expect((await cluster.api(log)).text).toBe('bye\n');
    expect((await cluster.api(`${log}?previous=true`)).text).toBe('bye\n');
    expect(await eventsOf('crasher')).toContain('Warning BackOff: Back-off restarting failed container');
  });
});
