import type { V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EndpointTracker } from '../../../src/platform/kubernetes/endpoint-events.js';
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
});
