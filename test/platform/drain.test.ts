import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { LocalPlatform, type LocalTargetSpec } from '../../src/platform/local/local-platform.js';
import { until } from '../support/until.js';
import { alive, localSpec, replay, startObserved } from './local-support.js';

// `drain` on the local platform, like `kubectl drain` against the Eviction API: real processes, a real budget.
// 3 replicas over two nodes: the spreading puts web-r1-1 and web-r1-3 on node-a, web-r1-2 on node-b.

const drainAction = { type: 'drain', id: 'drain@0s', node: 'node-a' } as const;

function drainSpec(overrides: Partial<LocalTargetSpec> = {}): Promise<LocalTargetSpec> {
  return localSpec({
    nodes: ['node-a', 'node-b'],
    termination: { preStopMs: 200, gracePeriodMs: 2000 },
    evictionRetryMs: 500,
    ...overrides,
  });
}

/** Starts the platform, recording the timeline; `run` gets the events recorded since the start. */
async function withPlatform(
  spec: LocalTargetSpec,
  run: (platform: LocalPlatform, events: TimelineEvent[]) => Promise<void>,
): Promise<{ platform: LocalPlatform; events: TimelineEvent[] }> {
  const platform = new LocalPlatform(spec);
  const events: TimelineEvent[] = [];
  try {
    await startObserved(platform, events, new AbortController().signal);
    await run(platform, events);
  } finally {
    await platform.restore();
  }
  expect(platform.pods().every((pod) => !alive(pod.pid))).toBe(true);
  return { platform, events };
}

const ofType = (events: TimelineEvent[], type: TimelineEvent['type']) => events.filter((event) => event.type === type);

describe('drain on the local platform', () => {
  it('respects a PodDisruptionBudget: refuses the eviction that would break it, retries, never < minAvailable ready', async () => {
    const { platform, events } = await withPlatform(
      await drainSpec({ podDisruptionBudget: { minAvailable: 2 } }),
      async (platform, events) => {
        const nodeOf = (name: string) => platform.pods().find((pod) => pod.name === name)?.node;
        expect([nodeOf('web-r1-1'), nodeOf('web-r1-2'), nodeOf('web-r1-3')]).toEqual(['node-a', 'node-b', 'node-a']);
        const drainStart = events.length;
        const report = await platform.act(drainAction, new AbortController().signal);

        expect(report.podsReplaced.sort()).toEqual(['web-r1-1', 'web-r1-3']);
        expect(report.podsCreated).toHaveLength(2);
        // One retry interval (500 ms) at least, give or take the replacement's start.
        expect(report.blockedMs).toBeGreaterThanOrEqual(450);
        expect(report.blockedMs).toBeLessThan(500 + 5000);
        // No pod is left on the drained node; the replacements run on the other one.
        const running = platform.pods().filter((pod) => pod.phase === 'running');
        expect(running.map((pod) => pod.node)).toEqual(['node-b', 'node-b', 'node-b']);
        expect(report.podsCreated.map(nodeOf)).toEqual(['node-b', 'node-b']);

        let minReady = Number.POSITIVE_INFINITY;
        let step = 0;
        replay(events, (_running, ready) => {
          if (++step > drainStart) minReady = Math.min(minReady, ready.size);
        });
        expect(minReady).toBe(2);
        expect(events.slice(drainStart).find((event) => event.type === 'node-cordoned')?.subject).toBe('node-a');
      },
    );

    // The second pod was refused first (the first eviction used up the budget), then evicted on a retry.
    const refused = ofType(events, 'eviction-refused');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((event) => event.pod === 'web-r1-3')).toBe(true);
    expect(refused[0]?.detail).toMatch(
      /^429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget \(minAvailable 2 needs 2 healthy pods and has 2 currently\); will retry after 500ms$/,
    );
    const requested = ofType(events, 'eviction-requested');
    expect(requested.map((event) => event.pod)).toEqual(['web-r1-1', 'web-r1-3']);
    expect(requested[1]?.atMs ?? 0).toBeGreaterThan(refused[0]?.atMs ?? Number.POSITIVE_INFINITY);
    expect(new Set(ofType(events, 'eviction-done').map((event) => event.pod))).toEqual(
      new Set(['web-r1-1', 'web-r1-3']),
    );
    // Evicted pods terminate exactly as deleted ones: terminating, preStop, SIGTERM, endpoint withdrawn.
    for (const pod of ['web-r1-1', 'web-r1-3']) {
      const types = events.filter((event) => event.pod === pod).map((event) => event.type);
      expect(types).toEqual(
        expect.arrayContaining(['pod-terminating', 'prestop-started', 'sigterm-sent', 'pod-exited']),
      );
      expect(types).toContain('endpoint-remove-requested');
      expect(types.indexOf('eviction-requested')).toBeLessThan(types.indexOf('pod-terminating'));
    }
    // Cordoned for the whole run; restore() uncordons.
    expect(ofType(events, 'node-uncordoned').map((event) => event.subject)).toEqual(['node-a']);
    expect(events.findIndex((event) => event.type === 'node-uncordoned')).toBeGreaterThan(
      events.findIndex((event) => event.type === 'eviction-done'),
    );
    expect(platform.pods()).toHaveLength(5);
  });

  it('without a budget evicts every pod of the node at once; refuses an unknown node', async () => {
    const { events } = await withPlatform(await drainSpec(), async (platform) => {
      await expect(
        platform.act({ ...drainAction, node: 'node-c' }, new AbortController().signal),
      ).rejects.toMatchObject({ code: 'NO_SUCH_NODE', exitCode: 3 });
      const report = await platform.act(drainAction, new AbortController().signal);
      expect(report.podsReplaced.sort()).toEqual(['web-r1-1', 'web-r1-3']);
      expect(report.blockedMs).toBe(0);
    });
    expect(ofType(events, 'eviction-refused')).toEqual([]);
    const [first, second] = ofType(events, 'eviction-requested').map((event) => event.atMs);
    // At once: the second eviction does not wait out a retry interval (500 ms), let alone the first pod's exit.
    expect((second ?? Number.POSITIVE_INFINITY) - (first ?? 0)).toBeLessThan(500);
  });

  it('uncordons in restore() when the drain is aborted midway, and leaves no process behind', async () => {
    const controller = new AbortController();
    const { platform, events } = await withPlatform(
      // A retry far beyond the test: the second eviction stays refused until the abort.
      await drainSpec({ podDisruptionBudget: { maxUnavailable: 1 }, evictionRetryMs: 60_000 }),
      async (platform, events) => {
        const drained = platform.act(drainAction, controller.signal);
        await until(() => events.some((event) => event.type === 'eviction-done'));
        controller.abort('interrupted');
        await expect(drained).rejects.toBe('interrupted');
        expect(events.some((event) => event.type === 'node-uncordoned')).toBe(false);
      },
    );
    expect(ofType(events, 'eviction-refused').map((event) => event.pod)).toEqual(['web-r1-3']);
    expect(ofType(events, 'node-uncordoned').map((event) => event.subject)).toEqual(['node-a']);
    expect(platform.pods().find((pod) => pod.name === 'web-r1-3')?.phase).toBe('exited');
  });
});
