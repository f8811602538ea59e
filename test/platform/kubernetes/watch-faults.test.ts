import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/platform/kubernetes/client.js';
import type { KubernetesPlatform } from '../../../src/platform/kubernetes/kubernetes-platform.js';
import { LiveCollection } from '../../../src/platform/kubernetes/live-collection.js';
import type { TimelineEvent } from '../../../src/platform/kubernetes/types.js';
import type { Change } from '../../../src/platform/kubernetes/watch-resume.js';
import { eventually } from '../../cluster/support.js';
import { kubeConfigThrough, recordTimeline, type SampleCluster, startSampleCluster } from './support.js';
import { startTcpRelay, type TcpRelay } from './tcp-relay.js';

const actionTimeoutMs = 60_000;

/** The events as comparable lines, sorted: what happened to which object, whatever the arrival order. */
const happenings = (events: TimelineEvent[]) =>
  events.map((event) => `${event.type} ${event.pod ?? event.object ?? event.node ?? ''} ${event.detail ?? ''}`).sort();

function relayedCluster(watchHistory: number) {
  const setup = {} as {
    sample: SampleCluster;
    relay: TcpRelay;
    relayed: KubernetesPlatform;
    relayedConfig: KubeConfig;
    direct: KubernetesPlatform;
  };
  beforeAll(async () => {
    const sample = await startSampleCluster({ watchHistory });
    setup.sample = sample;
    const relay = await startTcpRelay(Number(new URL(sample.cluster.url).port));
    const kubeConfig = await kubeConfigThrough(sample.cluster, relay.port);
    setup.relay = relay;
    setup.direct = sample.platform();
    setup.relayed = sample.platform({ kubeConfig });
    setup.relayedConfig = kubeConfig;
    await setup.direct.start(AbortSignal.timeout(actionTimeoutMs));
  }, actionTimeoutMs);
  afterAll(async () => {
    await setup.relay?.close();
    await setup.sample?.cluster.close();
  });

  /** Rolls out through the direct platform while `during` breaks the relayed one; both timelines compared after. */
  /** `converge`: wait (bounded) until the relayed timeline holds what the reference does, for the late reconnects. */
  async function rolloutWhile(during: (done: Promise<unknown>) => Promise<void>, converge = false) {
    const { direct, relayed } = setup;
    const reference = recordTimeline(direct);
    const observed = recordTimeline(relayed);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rolling = direct.act(
      { type: 'rollout', id: 'rollout@1s', change: { kind: 'restart' } },
      AbortSignal.timeout(actionTimeoutMs),
    );
    await during(rolling);
    const report = await rolling;
    const saw = (events: TimelineEvent[], type: string) => (pod: string) =>
      events.some((event) => event.type === type && event.pod === pod);
    // Caught up: each timeline has every old pod's exit and every new pod's readiness.
    const caughtUp = (events: TimelineEvent[]) =>
      report.podsRemoved.every(saw(events, 'pod-exited')) && report.podsCreated.every(saw(events, 'pod-ready'));
    await eventually(() => (caughtUp(reference.events) && caughtUp(observed.events) ? true : undefined), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (converge) {
      const same = () => JSON.stringify(happenings(observed.events)) === JSON.stringify(happenings(reference.events));
      await eventually(() => (same() ? true : undefined), 10_000).catch(() => undefined);
    }
    await reference.stop();
    await observed.stop();
    return { reference: reference.events, observed: observed.events, report };
  }
  /**
   * Scales through the direct platform while the relay holds the relayed watches silent. The watches open once their
   * lists are in: it gives them a second before holding them.
   */
  async function scaleWhileHeld(replicas: number) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    setup.relay.hold();
    return setup.direct.act({ type: 'scale', id: 'scale@1s', replicas }, AbortSignal.timeout(actionTimeoutMs));
  }
  return { setup, rolloutWhile, scaleWhileHeld };
}

describe('watches cut mid-stream (the history long enough to resume from)', () => {
  const { setup, rolloutWhile } = relayedCluster(10_000);

  it(
    'connections cut every 300 ms during a rollout: the watches resume and see every event once',
    async () => {
      let cuts = 0;
      const { reference, observed } = await rolloutWhile(async (rolling) => {
        let finished = false;
        rolling.finally(() => {
          finished = true;
        });
        while (!finished) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          setup.relay.cut();
          cuts++;
        }
      }, true);
      expect(cuts).toBeGreaterThan(3);
      expect(setup.sample.warnings.some((warning) => warning.includes('(retrying)'))).toBe(true);
      expect(happenings(observed)).toEqual(happenings(reference));
    },
    actionTimeoutMs * 2,
  );

  it(
    'restore while the API server is unreachable says what it left changed within its retry budget, and restores once back',
    async () => {
      const { relayed, relay } = setup;
      await relayed.act({ type: 'scale', id: 'scale@1s', replicas: 4 }, AbortSignal.timeout(actionTimeoutMs));
      relay.refuse(true);
      relay.cut();
      const startedMs = performance.now();
      const failed = await relayed.restore();
      // Every call and pause within the restore's 10 s budget.
      expect(performance.now() - startedMs).toBeLessThan(12_000);
      expect(failed.restored).toEqual([]);
      expect(failed.leftChanged).toHaveLength(1);
      expect(failed.leftChanged[0]).toMatch(
        /^replicas of default\/sample-app not restored to 3 \(kubectl scale deployment\/sample-app -n default --replicas=3\): /,
      );
      relay.refuse(false);
      expect(await relayed.restore()).toEqual({ restored: ['replicas of default/sample-app 4 → 3'], leftChanged: [] });
    },
    actionTimeoutMs,
  );
});

describe('watching stopped while the watches had gone quiet', () => {
  const { setup, scaleWhileHeld } = relayedCluster(10_000);

  it(
    'the last lists report what the watches had not delivered: the new pod, dated by the server',
    async () => {
      const { direct, relayed } = setup;
      const observed = recordTimeline(relayed);
      const report = await scaleWhileHeld(4);
      expect(report.podsCreated).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const created = (pod: string) =>
        observed.events.filter((event) => event.type === 'pod-created' && event.pod === pod);
      // Held: the watch delivered nothing of the scale.
      expect(created(report.podsCreated[0] ?? '')).toEqual([]);
      await observed.stop();
      expect(created(report.podsCreated[0] ?? '').map((event) => event.source)).toEqual(['server']);
      await direct.restore();
    },
    actionTimeoutMs,
  );
});

describe('an action’s pods, when it completes', () => {
  const { setup, scaleWhileHeld } = relayedCluster(10_000);

  it(
    'are listed once more as their watch closes: a pod the held watch never showed terminating is counted removed',
    async () => {
      const { direct, relayedConfig } = setup;
      const clients = makeClients(relayedConfig);
      const selector = { namespace: 'default', labelSelector: 'app=sample-app' };
      const changes: Change<V1Pod>[] = [];
      const live = await LiveCollection.open<V1Pod>(
        {
          kubeConfig: relayedConfig,
          path: '/api/v1/namespaces/default/pods',
          query: { labelSelector: selector.labelSelector },
          list: () => clients.core.listNamespacedPod(selector),
          onChange: (change) => changes.push(change),
          giveUpAfterMs: 10_000,
        },
        AbortSignal.timeout(actionTimeoutMs),
      );
      const report = await scaleWhileHeld(2);
      expect(report.podsRemoved).toHaveLength(1);
      const removed = (change: Change<V1Pod>) =>
        change.previous?.metadata?.name === report.podsRemoved[0] &&
        (change.current === undefined || change.current.metadata?.deletionTimestamp != null);
      expect(changes.filter(removed)).toEqual([]);
      await live.close({ catchUp: true });
      expect(changes.filter(removed).map((change) => change.origin)).toEqual(['relist']);
      await direct.restore();
    },
    actionTimeoutMs,
  );
});

describe('a watch outage longer than the history (a short one: 40 writes)', () => {
  const { setup, rolloutWhile } = relayedCluster(40);

  it(
    'an outage through a whole rollout: the resumed watch gets 410 Gone, lists again, and reports what it missed once',
    async () => {
      const { reference, observed, report } = await rolloutWhile(async (rolling) => {
        setup.relay.refuse(true);
        setup.relay.cut();
        await rolling;
        setup.relay.refuse(false);
      });
      const lines = happenings(observed);
      for (const pod of report.podsRemoved)
        expect(lines.filter((line) => line.startsWith(`pod-exited ${pod}`))).toHaveLength(1);
      for (const pod of report.podsCreated) {
        for (const type of ['pod-created', 'pod-ready']) {
          expect(lines.filter((line) => line.startsWith(`${type} ${pod} `))).toHaveLength(1);
        }
      }
      // What the re-list found carries the server's timestamps where the object has one.
      const created = observed.filter(
        (event) => event.type === 'pod-created' && report.podsCreated.includes(event.pod ?? ''),
      );
      expect(created.every((event) => event.source === 'server')).toBe(true);
      expect(reference.length).toBeGreaterThan(observed.length);
    },
    actionTimeoutMs * 2,
  );
});
