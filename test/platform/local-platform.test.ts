import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RollbenchError } from '../../src/core/errors.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { LocalPlatform } from '../../src/platform/local/local-platform.js';
import { alive, replay, localSpec as spec, startObserved } from './local-support.js';

// The local platform on real processes: every replica is a `rollbench sample-app` child process.

describe('local platform', () => {
  it('rolls out like a Deployment with maxSurge 1 / maxUnavailable 0: never more than 4 pods, never fewer than 3 ready', async () => {
    const platform = new LocalPlatform(await spec());
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    try {
      await startObserved(platform, events, signal);
      const startEvents = events.length;
      const report = await platform.act({ type: 'rollout', id: 'rollout@0s', change: { kind: 'restart' } }, signal);
      expect(report.podsReplaced.sort()).toEqual(['web-r1-1', 'web-r1-2', 'web-r1-3']);
      expect(report.podsCreated).toHaveLength(3);
      expect(report.podsCreated.every((name) => name.startsWith('web-r2-'))).toBe(true);
      let maxRunning = 0;
      let minReady = Number.POSITIVE_INFINITY;
      let step = 0;
      replay(events, (running, ready) => {
        maxRunning = Math.max(maxRunning, running.size);
        // Judge availability from the moment the rollout starts (all three were ready by then).
        if (++step > startEvents) minReady = Math.min(minReady, ready.size);
      });
      expect(maxRunning).toBe(4);
      expect(minReady).toBe(3);
    } finally {
      await platform.restore();
    }
    expect(platform.pods().every((pod) => !alive(pod.pid))).toBe(true);
  });

  it('terminates in the kubelet order: terminating → preStop → SIGTERM → SIGKILL at the grace period', async () => {
    const platform = new LocalPlatform(
      await spec({ replicas: 1, termination: { preStopMs: 300, gracePeriodMs: 900 } }, { onSigterm: 'ignore' }),
    );
    const events: TimelineEvent[] = [];
    const signal = new AbortController().signal;
    try {
      await startObserved(platform, events, signal);
      await platform.act({ type: 'deletePod', id: 'deletePod@0s', pod: 'web-r1-1' }, signal);
      await platform.pods()[0]?.exited;
    } finally {
      await platform.restore();
    }
    const of = (type: string) => events.find((event) => event.pod === 'web-r1-1' && event.type === type);
    const terminating = of('pod-terminating')?.atMs ?? Number.NaN;
    // Bands from the configured times: never early (a timer may run ~1 ms before its time), late by however long a
    // loaded machine takes. preStop starts with termination, so before its 300 ms could have passed.
    expect((of('prestop-started')?.atMs ?? 0) - terminating).toBeLessThan(300);
    expect((of('sigterm-sent')?.atMs ?? 0) - terminating).toBeGreaterThanOrEqual(300 - 5);
    expect((of('sigterm-sent')?.atMs ?? 0) - terminating).toBeLessThan(300 + 2000);
    // The grace period counts from the start of termination, preStop included.
    expect((of('pod-killed')?.atMs ?? 0) - terminating).toBeGreaterThanOrEqual(900 - 5);
    expect((of('pod-killed')?.atMs ?? 0) - terminating).toBeLessThan(900 + 2000);
    expect(of('pod-exited')?.detail).toBe('signal SIGKILL');
    // The endpoint was withdrawn at the start of termination, in parallel with preStop (before it could end).
    expect((of('endpoint-remove-requested')?.atMs ?? 0) - terminating).toBeLessThan(300);
    // And the deployment replaced the deleted pod.
    expect(events.some((event) => event.type === 'pod-ready' && event.pod === 'web-r1-2')).toBe(true);
  });

  it('an app that exits on SIGTERM is gone at once; a graceful one exits 0 after draining', async () => {
    for (const onSigterm of ['exit', 'drain'] as const) {
      const platform = new LocalPlatform(await spec({ replicas: 1 }, { onSigterm }));
      const events: TimelineEvent[] = [];
      const signal = new AbortController().signal;
      try {
        await startObserved(platform, events, signal);
        await platform.act({ type: 'deletePod', id: 'x', pod: 'web-r1-1' }, signal);
        await platform.pods()[0]?.exited;
      } finally {
        await platform.restore();
      }
      const exited = events.find((event) => event.pod === 'web-r1-1' && event.type === 'pod-exited');
      expect(exited?.detail).toBe(onSigterm === 'exit' ? 'signal SIGTERM' : 'exit code 0');
      expect(events.some((event) => event.type === 'pod-killed' && event.pod === 'web-r1-1')).toBe(false);
    }
  });

  it('reports replicas that never become ready, and leaves no process behind', async () => {
    const platform = new LocalPlatform(
      await spec({
        replicas: 2,
        startTimeoutMs: 1500,
        readinessProbe: {
          path: '/nope?status=500',
          periodMs: 100,
          timeoutMs: 200,
          initialDelayMs: 0,
          successThreshold: 1,
          failureThreshold: 1,
        },
      }),
    );
    await expect(platform.start(new AbortController().signal)).rejects.toMatchObject({
      code: 'REPLICAS_NOT_READY',
      exitCode: 5,
    });
    await platform.restore();
    expect(platform.pods()).toHaveLength(2);
    expect(platform.pods().every((pod) => !alive(pod.pid))).toBe(true);
  });
});

describe('local platform: crashing and slow replicas', () => {
  it('backs off 1 s, then 2 s, from a replica that cannot start, and gives up after 3 crashes saying why', async () => {
    const platform = new LocalPlatform(
      await spec({ replicas: 1, startTimeoutMs: 20_000, app: { command: ['/nonexistent/server', '{port}'] } }),
    );
    const startedMs = performance.now();
    const error = await platform.start(new AbortController().signal).catch((err: unknown) => err);
    const elapsedMs = performance.now() - startedMs;
    await platform.restore();
    expect(error).toMatchObject({ code: 'CRASH_LOOP', exitCode: 5 });
    expect((error as Error).message).toBe(
      'revision 1 cannot start: 3 of its pods crashed and none became ready; the last, web-r1-3, ended with exit code 127 (command not found)',
    );
    // The replica's shell launcher (see watchdog.ts) could not exec it, and said so in the pod's log.
    expect((error as RollbenchError).details).toEqual([
      "web-r1-3's last output:",
      expect.stringMatching(/^ {2}web-r1-3: \d+: exec: \/nonexistent\/server: not found$/),
    ]);
    expect(await readFile(platform.pods()[0]?.logFile ?? '', 'utf8')).toContain('/nonexistent/server: not found');
    // Crashes at ~0 s, then after 1 s and 2 s of back-off.
    expect(platform.pods()).toHaveLength(3);
    expect(elapsedMs).toBeGreaterThanOrEqual(3000 - 100);
    expect(elapsedMs).toBeLessThan(3000 + 10_000);
  });

  it('fails a rollout fast when the new version crash-loops, while the old pods keep serving', async () => {
    const platform = new LocalPlatform(await spec({ replicas: 2 }));
    const signal = new AbortController().signal;
    try {
      await platform.start(signal);
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
      expect((error as Error).message).toMatch(/^revision 2 cannot start: 3 of its pods crashed .* exit code 2$/);
      expect((error as RollbenchError).details).toEqual([expect.stringMatching(/last output:$/), '  no config']);
      expect(platform.readyReplicas()).toBe(2);
    } finally {
      await platform.restore();
    }
  });

  it('with minReadySeconds, a pod counts as available once it has been ready that long', async () => {
    const platform = new LocalPlatform(await spec({ replicas: 1, minReadyMs: 700 }));
    const startedMs = performance.now();
    try {
      await platform.start(new AbortController().signal);
      expect(performance.now() - startedMs).toBeGreaterThanOrEqual(700);
      expect(performance.now() - startedMs).toBeLessThan(700 + 10_000);
    } finally {
      await platform.restore();
    }
  });

  it('reports its settings, delivers the start-up events first when observed, and says what restore() put back', async () => {
    const platform = new LocalPlatform(
      await spec({ replicas: 2, termination: { preStopMs: 2000, gracePeriodMs: 9000 }, minReadyMs: 0 }),
    );
    const events: TimelineEvent[] = [];
    try {
      await startObserved(platform, events, new AbortController().signal);
      expect(events.filter((event) => event.type === 'pod-created').map((event) => event.pod)).toEqual([
        'web-r1-1',
        'web-r1-2',
      ]);
      expect(await platform.settings()).toMatchObject({
        name: 'web',
        replicas: 2,
        strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
        terminationGracePeriodSeconds: 9,
        containers: [{ name: 'app', preStop: { sleepSeconds: 2 }, readinessProbe: { periodSeconds: 0.1 } }],
      });
      expect(platform.capabilities()).toEqual({ actions: ['rollout', 'scale', 'drain', 'deletePod'], metrics: true });
    } finally {
      expect(await platform.restore()).toEqual({
        restored: ['stopped 2 replica processes', 'stopped the proxy'],
        leftChanged: [],
      });
    }
    expect(events.filter((event) => event.type === 'pod-killed')).toHaveLength(2);
  });
});
