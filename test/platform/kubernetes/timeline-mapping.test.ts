import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EndpointTracker } from '../../../src/platform/kubernetes/endpoint-events.js';
import { autoscalerEvents, clusterEvents, deploymentEvents } from '../../../src/platform/kubernetes/object-events.js';
import { podEvents } from '../../../src/platform/kubernetes/pod-events.js';
import type { Change } from '../../../src/platform/kubernetes/watch-resume.js';

const pod = (fields: { ready?: boolean; deleting?: boolean; version: string }): V1Pod => ({
  metadata: {
    name: 'web-1',
    uid: 'u1',
    resourceVersion: fields.version,
    labels: { 'pod-template-hash': 'abc' },
    creationTimestamp: new Date('2026-11-28T22:00:00Z'),
    ...(fields.deleting ? { deletionTimestamp: new Date('2026-11-28T22:00:40Z'), deletionGracePeriodSeconds: 30 } : {}),
  },
  spec: { nodeName: 'node-1', containers: [] },
  status: {
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: fields.ready ? 'True' : 'False',
        lastTransitionTime: new Date('2026-11-28T22:00:05Z'),
      },
    ],
  },
});

const change = <T>(previous: T | undefined, current: T | undefined, origin: Change<T>['origin'] = 'watch') => ({
  previous,
  current,
  atMs: 1000,
  origin,
});

describe('pod changes as timeline events', () => {
  it('a watch step carries its arrival time, the pod uid, node, revision, phase and Ready', () => {
    const [ready] = podEvents(change(pod({ version: '1' }), pod({ ready: true, version: '2' })));
    expect(ready).toEqual({
      atMs: 1000,
      type: 'pod-ready',
      pod: 'web-1',
      uid: 'u1',
      node: 'node-1',
      revision: 'abc',
      phase: 'Running',
      conditions: { Ready: true },
      source: 'client',
    });
  });

  it('what the first list finds is dated by the server: created, and ready at its condition time', () => {
    const events = podEvents(change(undefined, pod({ ready: true, version: '1' }), 'initial'));
    expect(events.map((event) => [event.type, event.source])).toEqual([
      ['pod-created', 'server'],
      ['pod-ready', 'server'],
    ]);
    const [created, ready] = events;
    // Five seconds apart on the server (1 s resolution): the same five seconds on the timeline's clock.
    expect((ready?.atMs ?? 0) - (created?.atMs ?? 0)).toBeCloseTo(5000, 0);
  });

  it('a re-list that finds the pod terminating dates it at deletionTimestamp minus the grace period', () => {
    const [terminating] = podEvents(
      change(pod({ ready: true, version: '1' }), pod({ ready: true, deleting: true, version: '5' }), 'relist'),
    );
    const created = podEvents(change(undefined, pod({ version: '1' }), 'initial'))[0];
    expect(terminating?.type).toBe('pod-terminating');
    expect((terminating?.atMs ?? 0) - (created?.atMs ?? 0)).toBeCloseTo(10_000, 0);
  });

  it('a pod deleted without a terminating step seen is terminating and exited at once', () => {
    const events = podEvents(change(pod({ ready: true, version: '1' }), undefined));
    expect(events.map((event) => event.type)).toEqual(['pod-terminating', 'pod-exited']);
  });
});

const slice = (name: string, endpoints: { uid: string; ready: boolean; terminating?: boolean }[]): V1EndpointSlice => ({
  addressType: 'IPv4',
  metadata: { name, uid: name, resourceVersion: '1' },
  endpoints: endpoints.map(({ uid, ready, terminating }) => ({
    addresses: ['127.0.0.1'],
    targetRef: { kind: 'Pod', name: `pod-${uid}`, uid },
    conditions: { ready, serving: ready, terminating: terminating ?? false },
  })),
});

describe('EndpointSlice changes as endpoint events', () => {
  it('added when ready, removed when terminating; moving between slices is neither', () => {
    const tracker = new EndpointTracker();
    expect(tracker.apply(change(undefined, slice('a', [{ uid: 'x', ready: true }]), 'initial'))).toEqual([]);
    const added = tracker.apply(change(undefined, slice('b', [{ uid: 'y', ready: true }])));
    expect(added.map((event) => `${event.type} ${event.pod}`)).toEqual(['endpoint-added pod-y']);
    // y moves from slice b to slice a: it stays ready in one of them throughout.
    expect(
      tracker.apply(
        change(
          undefined,
          slice('a', [
            { uid: 'x', ready: true },
            { uid: 'y', ready: true },
          ]),
        ),
      ),
    ).toEqual([]);
    expect(tracker.apply(change(slice('b', []), undefined))).toEqual([]);
    const removed = tracker.apply(
      change(
        undefined,
        slice('a', [
          { uid: 'x', ready: false, terminating: true },
          { uid: 'y', ready: true },
        ]),
      ),
    );
    expect(removed).toEqual([
      {
        atMs: 1000,
        type: 'endpoint-removed',
        pod: 'pod-x',
        uid: 'x',
        endpoint: { ready: false, serving: false, terminating: true },
        source: 'client',
      },
    ]);
  });

  it('gone when a terminating endpoint leaves the slice; a ready one leaving is removed and gone at once', () => {
    const tracker = new EndpointTracker();
    tracker.apply(
      change(
        undefined,
        slice('a', [
          { uid: 'x', ready: false, terminating: true },
          { uid: 'y', ready: true },
        ]),
        'initial',
      ),
    );
    const events = tracker.apply(change(undefined, slice('a', [{ uid: 'y', ready: true }])));
    expect(events).toEqual([
      {
        atMs: 1000,
        type: 'endpoint-gone',
        pod: 'pod-x',
        uid: 'x',
        endpoint: { ready: false, serving: false, terminating: true },
        detail: 'left the EndpointSlice',
        source: 'client',
      },
    ]);
    const both = tracker.apply(change(undefined, slice('a', [])));
    expect(both.map((event) => `${event.type} ${event.pod}`)).toEqual([
      'endpoint-removed pod-y',
      'endpoint-gone pod-y',
    ]);
  });
});

describe('Events, the Deployment and an HPA as timeline events', () => {
  const killing = (count: number): CoreV1Event => ({
    metadata: { name: 'web-1.1', resourceVersion: String(count) },
    involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u1' },
    reason: 'Killing',
    message: 'Stopping container app',
    type: 'Normal',
    count,
  });

  it('Killing is the preStop start when the pod has one, else SIGTERM; a repeat counts only when count rises', () => {
    const withoutPreStop = clusterEvents(change(undefined, killing(1)), () => false);
    expect(withoutPreStop).toEqual([
      {
        atMs: 1000,
        type: 'sigterm-sent',
        pod: 'web-1',
        uid: 'u1',
        detail: 'Killing: Stopping container app',
        source: 'client',
      },
    ]);
    expect(clusterEvents(change(undefined, killing(1)), () => true)[0]?.type).toBe('prestop-started');
    expect(
      clusterEvents(change(killing(1), { ...killing(1), metadata: { resourceVersion: '9' } }), () => false),
    ).toEqual([]);
    expect(clusterEvents(change(killing(1), killing(2)), () => false)).toHaveLength(1);
    // Events already there when observing began are history, not part of the run.
    expect(clusterEvents(change(undefined, killing(1), 'initial'), () => false)).toEqual([]);
  });

  it('a scale is replicas-changed, a new revision and a Progressing reason are rollout-progress', () => {
    const deployment = (replicas: number, revision: string, reason: string): V1Deployment => ({
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': revision } },
      spec: { replicas, selector: {}, template: {} },
      status: { conditions: [{ type: 'Progressing', status: 'True', reason }] },
    });
    const events = deploymentEvents(
      change(deployment(3, '1', 'NewReplicaSetAvailable'), deployment(5, '2', 'ReplicaSetUpdated')),
    );
    expect(events.map((event) => `${event.type} ${event.detail}`)).toEqual([
      'replicas-changed 3 → 5',
      'rollout-progress revision 2',
      'rollout-progress ReplicaSetUpdated',
    ]);
  });

  it("an HPA's new desired replicas is replicas-changed", () => {
    const hpa = (desiredReplicas: number): V2HorizontalPodAutoscaler => ({
      metadata: { name: 'web' },
      spec: { maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      status: { currentReplicas: 3, desiredReplicas },
    });
    expect(autoscalerEvents(change(hpa(3), hpa(6)))).toEqual([
      { atMs: 1000, type: 'replicas-changed', object: 'hpa/web', detail: '3 → 6', source: 'client' },
    ]);
    expect(autoscalerEvents(change(hpa(6), hpa(6)))).toEqual([]);
  });
});
