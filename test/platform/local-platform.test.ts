import { afterEach, describe, expect, it } from 'vitest';
import type { RollbenchError } from '../../src/core/errors.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { LocalPlatform } from '../../src/platform/local/local-platform.js';
import { alive, processesMentioning } from '../support/processes.js';
import { replay, localSpec as spec, startObserved } from './local-support.js';

// The local platform: an embedded cluster as a child process, the workload created in it, everything else through
// the Kubernetes platform. Replicas are real `rollbench sample-app` processes run by the cluster's kubelet.

const platforms: LocalPlatform[] = [];

/** A platform restored after the test whatever happens (its cluster and pods stopped). */
function tracked(platform: LocalPlatform): LocalPlatform {
  platforms.push(platform);
  return platform;
}

afterEach(async () => {
  await Promise.all(platforms.splice(0).map((platform) => platform.restore()));
});

const podsOf = (events: TimelineEvent[]) => [
  ...new Set(events.filter((event) => event.type === 'pod-created').map((event) => event.pod ?? '')),
];

/** Nothing the run started still runs: the cluster process, and every pod's processes (named after the pod). */
function leftRunning(clusterPid: number | undefined, events: TimelineEvent[]): number[] {
  const pods = podsOf(events);
  return [...(alive(clusterPid) ? [clusterPid as number] : []), ...(pods.length > 0 ? processesMentioning(pods) : [])];
}

describe('local platform (an embedded cluster in a child process)', () => {
  it('starts the cluster and the Deployment, delivers start-up first, reports settings, and restore() leaves nothing running', async () => {
    const platform = tracked(
      new LocalPlatform(await spec({ replicas: 2, termination: { preStopMs: 2000, gracePeriodMs: 9000 } })),
    );
    const events: TimelineEvent[] = [];
    await startObserved(platform, events, new AbortController().signal);
    const clusterPid = platform.clusterPid;
    expect(alive(clusterPid)).toBe(true);
    const created = podsOf(events);
    expect(created).toHaveLength(2);
    expect(created.every((pod) => /^web-[a-z0-9]+-[a-z0-9]{5}$/.test(pod))).toBe(true);
    expect(events.filter((event) => event.type === 'pod-ready')).toHaveLength(2);
    expect(processesMentioning(created).length).toBeGreaterThanOrEqual(2);
    expect(await platform.settings()).toMatchObject({
      name: 'default/web',
      replicas: 2,
      strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
      terminationGracePeriodSeconds: 9,
      containers: [{ name: 'app', preStop: { sleepSeconds: 2 }, readinessProbe: { periodSeconds: 0.1 } }],
    });
    expect(platform.capabilities()).toEqual({ actions: ['rollout', 'scale', 'drain', 'deletePod'], metrics: true });
    const restored = await platform.restore();
    expect(restored).toEqual({ restored: ['stopped the embedded cluster and every pod'], leftChanged: [] });
    expect(leftRunning(clusterPid, events)).toEqual([]);
    // What the cluster used beside the generator, read before it stopped: its own figures, not the run's.
    const [cluster] = platform.describe().processes ?? [];
    expect(cluster).toMatchObject({ name: 'embedded cluster', note: expect.stringContaining('pods not counted') });
    expect(cluster?.cpuMs).toBeGreaterThan(0);
    expect(cluster?.peakRssBytes).toBeGreaterThan(20 * 1024 * 1024);
    // Its kube-proxy runs on a thread of its own (named so in /proc), and that thread's CPU is told apart: some of
    // the cluster's, none of it before it was started. Linux only: elsewhere threads have no such names.
    if (process.platform === 'linux') {
      expect(cluster?.threads).toEqual([
        { name: 'kube-proxy', cpuMs: expect.any(Number), startUpCpuMs: expect.any(Number) },
      ]);
      const [proxy] = cluster?.threads ?? [];
      expect(proxy?.cpuMs).toBeGreaterThan(0);
      expect(proxy?.cpuMs).toBeLessThan(cluster?.cpuMs ?? 0);
      expect(proxy?.startUpCpuMs).toBeLessThanOrEqual(proxy?.cpuMs ?? 0);
      expect(cluster?.note).toBe('API server, controllers, kubelet; pods not counted');
    }
  });

  it('rolls out like a Deployment with maxSurge 1 / maxUnavailable 0: never more than 4 pods, never fewer than 3 ready', async () => {
    const platform = tracked(new LocalPlatform(await spec()));
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    await startObserved(platform, events, signal);
    const before = podsOf(events);
    const report = await platform.act({ type: 'rollout', id: 'rollout@0s', change: { kind: 'restart' } }, signal);
    expect(report.podsRemoved.sort()).toEqual(before.sort());
    expect(report.podsCreated).toHaveLength(3);
    // Judged from the first new pod on: the old pods' pod-ready may arrive after start() (watches are separate
    // streams; the Deployment said "available" first).
    const rolloutStart = events.findIndex((event) => event.type === 'pod-created' && !before.includes(event.pod ?? ''));
    let maxRunning = 0;
    let minReady = Number.POSITIVE_INFINITY;
    let step = 0;
    replay(events, (running, ready) => {
      maxRunning = Math.max(maxRunning, running.size);
      if (step++ >= rolloutStart) minReady = Math.min(minReady, ready.size);
    });
    expect(maxRunning).toBe(4);
    expect(minReady).toBe(3);
  });

  it('deletePod names pods as scenarios do (web-r1-2: the second pod created) and the replacement serves', async () => {
    const platform = tracked(new LocalPlatform(await spec({ replicas: 2 })));
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    await startObserved(platform, events, signal);
    const second = podsOf(events)[1];
    const report = await platform.act({ type: 'deletePod', id: 'deletePod@0s', pod: 'web-r1-2' }, signal);
    expect(report.podsRemoved).toEqual([second]);
    expect(report.podsCreated).toHaveLength(1);
    await expect(platform.act({ type: 'deletePod', id: 'x', pod: 'web-r1-9' }, signal)).rejects.toMatchObject({
      code: 'NO_SUCH_POD',
      exitCode: 3,
    });
  });

  it('reports replicas that never become ready, and leaves no process behind', async () => {
    const platform = tracked(
      new LocalPlatform(
        await spec({
          replicas: 2,
          startTimeoutMs: 3000,
          readinessProbe: {
            path: '/nope?status=500',
            periodMs: 100,
            timeoutMs: 200,
            initialDelayMs: 0,
            successThreshold: 1,
            failureThreshold: 1,
          },
        }),
      ),
    );
    const events: TimelineEvent[] = [];
    void platform.observe((event) => events.push(event), new AbortController().signal);
    await expect(platform.start(new AbortController().signal)).rejects.toMatchObject({
      code: 'REPLICAS_NOT_READY',
      exitCode: 5,
      message: 'the replicas did not all become ready within 3000 ms',
    });
    const clusterPid = platform.clusterPid;
    await platform.restore();
    expect(podsOf(events)).toHaveLength(2);
    expect(leftRunning(clusterPid, events)).toEqual([]);
  });
});

describe('local platform: crashing replicas', () => {
  it('a replica whose command does not exist fails start-up at once (CRASH_LOOP), saying why', async () => {
    const platform = tracked(
      new LocalPlatform(
        await spec({ replicas: 1, startTimeoutMs: 20_000, app: { command: ['/nonexistent/server', '{port}'] } }),
      ),
    );
    const startedMs = performance.now();
    const error = await platform.start(new AbortController().signal).catch((err: unknown) => err);
    const elapsedMs = performance.now() - startedMs;
    expect(error).toMatchObject({ code: 'CRASH_LOOP', exitCode: 5 });
    expect((error as Error).message).toMatch(
      /^revision 1 cannot start: its pod web-\S+ cannot run \(ErrImagePull\): image "local-command" cannot be run here: its command "\/nonexistent\/server" is not an executable on this machine/,
    );
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('a replica that crashes on start fails start-up after its second crash, with its last output', async () => {
    const platform = tracked(
      new LocalPlatform(
        await spec({ replicas: 1, startTimeoutMs: 20_000, app: { command: 'echo "cannot bind {port}" >&2; exit 3' } }),
      ),
    );
    const error = await platform.start(new AbortController().signal).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'CRASH_LOOP', exitCode: 5 });
    expect((error as Error).message).toMatch(
      /^revision 1 cannot start: its pod web-\S+ crashed 2 times and none of the revision's pods became ready; it last ended with exit code 3 \(Error\)$/,
    );
    expect((error as RollbenchError).details).toEqual([
      expect.stringMatching(/last output:$/),
      expect.stringMatching(/^ {2}cannot bind \d+$/),
    ]);
  });

  it('fails a rollout fast when the new version crash-loops, while the old pods keep serving', async () => {
    const platform = tracked(new LocalPlatform(await spec({ replicas: 2 })));
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    await startObserved(platform, events, signal);
    const error = await platform
      .act(
        {
          type: 'rollout',
          id: 'rollout@0s',
          change: { kind: 'restart' },
          extension: { app: { command: 'echo "no config" >&2; exit 2 # {port}' } },
        },
        signal,
      )
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'CRASH_LOOP', exitCode: 5 });
    expect((error as Error).message).toMatch(/^revision 2 cannot start: .* exit code 2 \(Error\)$/);
    expect((error as RollbenchError).details).toEqual([expect.stringMatching(/last output:$/), '  no config']);
    const ready = new Set<string>();
    replay(events, (_running, readyNow) => {
      ready.clear();
      for (const pod of readyNow) ready.add(pod);
    });
    expect(ready.size).toBe(2);
  });
});

describe('local platform: drain', () => {
  it('drains a named node under a PodDisruptionBudget and restore() uncordons it', async () => {
    const platform = tracked(
      new LocalPlatform(
        await spec({
          nodes: ['node-a', 'node-b'],
          podDisruptionBudget: { minAvailable: 2 },
          termination: { preStopMs: 0, gracePeriodMs: 2000 },
        }),
      ),
    );
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    await startObserved(platform, events, signal);
    const onA = [...new Set(events.filter((e) => e.node === 'node-a' && e.pod !== undefined).map((e) => e.pod))];
    const report = await platform.act({ type: 'drain', id: 'drain@0s', node: 'node-a' }, signal);
    expect(report.podsRemoved.sort()).toEqual(onA.sort());
    const restored = await platform.restore();
    expect(restored.restored).toEqual(['uncordoned node-a', 'stopped the embedded cluster and every pod']);
    expect(events.filter((event) => event.type === 'node-cordoned').map((event) => event.node)).toEqual(['node-a']);
  });
});
