import { describe, expect, it } from 'vitest';
import { ACTION_AFTERMATH_MS, attributeFailures } from '../../src/analysis/attribution.js';
import { measureDrainLag } from '../../src/analysis/drain-lag.js';
import type { RunResult } from '../../src/core/run-result.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { event, runResult } from './fixtures.js';

// Attribution and drain lag on hand-built timelines: every number below is chosen, so every expectation is exact.
const rollout = {
  id: 'rollout@5s',
  type: 'rollout',
  plannedAtMs: 5000,
  startedMs: 5000,
  finishedMs: 8000,
  podsRemoved: ['a', 'b'],
  podsCreated: ['c', 'd'],
};

describe('attributeFailures', () => {
  it('names the cause of each pod’s failures from where its failure window falls in the pod’s life', () => {
    const result = runResult({
      buckets: [
        {
          startMs: 5000,
          outcomes: { '200': { count: 90 }, '502': { count: 6 }, '503': { count: 4 } },
          pods: { a: { '502': 6 }, b: { '503': 4 } },
        },
      ],
      timeline: [
        event(0, 'pod-ready', 'a'),
        event(0, 'pod-ready', 'b'),
        event(5000, 'pod-terminating', 'a'),
        event(5000, 'sigterm-sent', 'a'),
        event(5100, 'pod-exited', 'a'),
        event(5200, 'pod-terminating', 'b'),
        event(5200, 'sigterm-sent', 'b'),
        event(7000, 'pod-exited', 'b'),
      ],
      pods: {
        a: { requests: 50, failed: 6, firstSentMs: 0, lastSentMs: 6000, firstFailedMs: 5120, lastFailedMs: 6000 },
        b: { requests: 50, failed: 4, firstSentMs: 0, lastSentMs: 6200, firstFailedMs: 5300, lastFailedMs: 5900 },
      },
      actions: [rollout],
    });
    expect(attributeFailures(result)).toEqual({
      failed: 10,
      causes: [
        { cause: 'routed-after-exit', count: 6, fromMs: 5120, toMs: 6000, pods: ['a'], action: 'rollout@5s' },
        { cause: 'routed-after-sigterm', count: 4, fromMs: 5300, toMs: 5900, pods: ['b'], action: 'rollout@5s' },
      ],
    });
  });

  it('with no platform events at all, leaves every failure unexplained and says why', () => {
    const result = runResult({
      buckets: [
        { startMs: 0, outcomes: { '502': { count: 4 }, '503': { count: 3 } }, pods: { 'web-r1-1': { '502': 4 } } },
      ],
      timeline: [],
      pods: {
        'web-r1-1': { requests: 4, failed: 4, firstSentMs: 0, lastSentMs: 900, firstFailedMs: 0, lastFailedMs: 900 },
      },
    });
    const reason = 'the result holds no platform events (its timeline is empty): causes are unknown';
    expect(attributeFailures(result)).toEqual({
      failed: 7,
      causes: [{ cause: 'unexplained', reason, count: 7, fromMs: 0, toMs: 1000, pods: ['web-r1-1'] }],
    });
  });

  it('a pod no platform event names is unexplained, not routed before it was ready', () => {
    const result = runResult({
      buckets: [{ startMs: 0, outcomes: { '500': { count: 2 } }, pods: { ghost: { '500': 2 } } }],
      timeline: [event(0, 'pod-ready', 'web-r1-1')],
      pods: {
        ghost: { requests: 2, failed: 2, firstSentMs: 100, lastSentMs: 200, firstFailedMs: 100, lastFailedMs: 200 },
      },
    });
    expect(attributeFailures(result).causes).toEqual([
      {
        cause: 'unexplained',
        reason: 'no platform event names the pods that answered',
        count: 2,
        fromMs: 100,
        toMs: 200,
        pods: ['ghost'],
      },
    ]);
  });

  it('routed to a pod before it was ready; a pod failing while serving is the app’s own error', () => {
    const result = runResult({
      buckets: [{ startMs: 0, outcomes: { '500': { count: 5 } }, pods: { c: { '500': 2 }, d: { '500': 3 } } }],
      timeline: [event(800, 'pod-ready', 'c'), event(0, 'pod-ready', 'd')],
      pods: {
        c: { requests: 2, failed: 2, firstSentMs: 500, lastSentMs: 700, firstFailedMs: 500, lastFailedMs: 700 },
        d: { requests: 3, failed: 3, firstSentMs: 100, lastSentMs: 900, firstFailedMs: 100, lastFailedMs: 900 },
      },
    });
    expect(attributeFailures(result).causes.map(({ cause, count }) => [cause, count])).toEqual([
      ['pod-error', 3],
      ['routed-before-ready', 2],
    ]);
  });

  it('a pod that failed for two reasons gets both, bucket by bucket', () => {
    const result = runResult({
      buckets: [
        { startMs: 0, outcomes: { '200': { count: 8 }, '500': { count: 2 } }, pods: { c: { '200': 8, '500': 2 } } },
        { startMs: 1000, outcomes: { '200': { count: 10 } }, pods: { c: { '200': 10 } } },
        { startMs: 2000, outcomes: { '502': { count: 3 } }, pods: { c: { '502': 3 } } },
      ],
      timeline: [event(0, 'pod-ready', 'c'), event(1900, 'sigterm-sent', 'c'), event(1950, 'pod-exited', 'c')],
      pods: {
        c: { requests: 23, failed: 5, firstSentMs: 0, lastSentMs: 2400, firstFailedMs: 300, lastFailedMs: 2400 },
      },
    });
    expect(
      attributeFailures(result).causes.map(({ cause, count, fromMs, toMs }) => [cause, count, fromMs, toMs]),
    ).toEqual([
      ['routed-after-exit', 3, 2000, 2400],
      ['pod-error', 2, 300, 1000],
    ]);
  });

  it('gives failures no pod header names to an action until ACTION_AFTERMATH_MS after it finished', () => {
    const finishedMs = rollout.finishedMs;
    const result = runResult({
      buckets: [
        // The last bucket that starts inside the aftermath, and the first one past it.
        { startMs: finishedMs + ACTION_AFTERMATH_MS - 1000, outcomes: { '503': { count: 2 } } },
        { startMs: finishedMs + ACTION_AFTERMATH_MS, outcomes: { '503': { count: 1 } } },
      ],
      timeline: [event(5000, 'pod-terminating', 'a')],
      actions: [rollout],
    });
    expect(attributeFailures(result).causes.map(({ count, action }) => [count, action])).toEqual([
      [2, 'rollout@5s'],
      [1, undefined],
    ]);
  });

  it('without a pod header: 503s are "no endpoints", resets near a pod exit are "reset on exit", the rest unexplained', () => {
    const result = runResult({
      buckets: [
        { startMs: 0, outcomes: { '200': { count: 10 }, '503': { count: 3 } } },
        { startMs: 1000, outcomes: { ECONNRESET: { count: 2 } } },
        { startMs: 9000, outcomes: { TIMEOUT: { count: 1 } } },
      ],
      timeline: [event(1500, 'pod-exited', 'a')],
    });
    expect(attributeFailures(result).causes).toEqual([
      { cause: 'no-endpoints', count: 3, fromMs: 0, toMs: 1000, pods: [] },
      { cause: 'reset-on-exit', count: 2, fromMs: 1000, toMs: 2000, pods: ['a'] },
      { cause: 'unexplained', count: 1, fromMs: 9000, toMs: 10000, pods: [] },
    ]);
  });
});

describe('attributeFailures on a timeline a client watched', () => {
  const ready = event(0, 'pod-ready', 'a');
  const watched = (atMs: number, type: TimelineEvent['type'], source: 'client' | 'server' = 'client') => ({
    ...event(atMs, type, 'a'),
    source,
  });
  // 60 failures of pod a sent from 6150 ms to the end of its bucket, in a run with no late send.
  const failing = (timeline: TimelineEvent[], lastFailedMs = 6900) =>
    runResult({
      buckets: [
        { startMs: 6000, outcomes: { '200': { count: 40 }, '502': { count: 60 } }, pods: { a: { '502': 60 } } },
      ],
      timeline: [ready, ...timeline],
      pods: { a: { requests: 100, failed: 60, firstSentMs: 0, lastSentMs: 6900, firstFailedMs: 6150, lastFailedMs } },
    });
  const causeOf = (result: RunResult) => attributeFailures(result).causes.map(({ cause }) => cause);

  it('failures sent before the exit (even the deletion) arrived, and going on after it, are routed after exit', () => {
    const result = failing([
      watched(6190, 'pod-terminating'),
      watched(6230, 'sigterm-sent'),
      watched(6260, 'pod-exited'),
    ]);
    expect(causeOf(result)).toEqual(['routed-after-exit']);
  });

  it('an exit seen up to 500 ms late still explains failures that ended before it arrived', () => {
    expect(causeOf(failing([watched(7300, 'pod-exited')], 6850))).toEqual(['routed-after-exit']);
    expect(causeOf(failing([watched(7400, 'pod-exited')], 6850))).toEqual(['pod-error']);
  });

  it('a server timestamp is never later than the change: no allowance before it', () => {
    expect(causeOf(failing([watched(6900, 'pod-exited', 'server')], 6850))).toEqual(['pod-error']);
  });

  it('a late send widens the allowance by as much', () => {
    const result = failing([watched(7400, 'pod-exited')], 6850);
    result.summary.lateSends.maxMs = 60;
    expect(causeOf(result)).toEqual(['routed-after-exit']);
  });

  it('without a Killing event, a pod with no preStop got SIGTERM as its termination began; with one it still served', () => {
    const terminating = [watched(6200, 'pod-terminating'), watched(9000, 'pod-exited')];
    const container = { name: 'app' };
    const workload = (preStop?: { sleepSeconds: number }) => ({
      name: 'default/web',
      replicas: 3,
      strategy: { type: 'RollingUpdate' as const },
      minReadySeconds: 0,
      terminationGracePeriodSeconds: 30,
      containers: [{ ...container, ...(preStop ? { preStop } : {}) }],
    });
    const bare = { ...failing(terminating), workload: { before: workload(), after: workload() } };
    expect(causeOf(bare)).toEqual(['routed-after-sigterm']);
    const sleeping = workload({ sleepSeconds: 5 });
    expect(causeOf({ ...failing(terminating), workload: { before: sleeping, after: sleeping } })).toEqual([
      'pod-error',
    ]);
    // Nothing recorded of the workload: nothing says when SIGTERM came.
    expect(causeOf(failing(terminating))).toEqual(['pod-error']);
  });
});

describe('measureDrainLag', () => {
  it('is the time from termination start to the last request that reached the pod, per pod, with p50 and max', () => {
    const result = runResult({
      buckets: [],
      timeline: [
        event(5000, 'pod-terminating', 'a'),
        event(6000, 'pod-terminating', 'b'),
        event(7000, 'pod-terminating', 'c'),
      ],
      pods: {
        a: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 5900 },
        b: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 7000 },
        c: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 6500 }, // stopped receiving before it terminated
      },
    });
    const lag = measureDrainLag(result);
    expect(lag.pods.map(({ pod, lagMs, source }) => [pod, lagMs, source])).toEqual([
      ['a', 900, 'pod-header'],
      ['b', 1000, 'pod-header'],
      ['c', 0, 'pod-header'],
    ]);
    expect(lag).toMatchObject({ p50Ms: 900, maxMs: 1000 });
  });

  it('counts resets no pod header names after the termination (an l4 proxy routing new connections to the dead pod)', () => {
    const result = runResult({
      buckets: [
        { startMs: 5000, outcomes: { '200': { count: 10 } }, pods: { a: { '200': 10 } } },
        { startMs: 6000, outcomes: { ECONNRESET: { count: 2 } } },
        { startMs: 7000, outcomes: { '200': { count: 10 } }, pods: { b: { '200': 10 } } },
      ],
      timeline: [event(5500, 'pod-terminating', 'a')],
      pods: { a: { requests: 10, failed: 0, firstSentMs: 0, lastSentMs: 5500 } },
    });
    expect(measureDrainLag(result).pods).toEqual([
      { pod: 'a', terminatingAtMs: 5500, lastRequestAtMs: 7000, lagMs: 1500, source: 'failure-window' },
    ]);
  });

  it('on kubernetes, also reads the EndpointSlice: marked terminating → gone, and traffic after the mark', () => {
    const slice = (atMs: number, type: TimelineEvent['type'], pod: string, source: 'client' | 'server' = 'client') => ({
      ...event(atMs, type, pod),
      endpoint: { ready: false, serving: type === 'endpoint-removed', terminating: true },
      source,
    });
    const result = runResult({
      buckets: [],
      timeline: [
        event(5000, 'pod-terminating', 'a'),
        slice(5010, 'endpoint-removed', 'a'),
        slice(5060, 'endpoint-gone', 'a'),
        event(6000, 'pod-terminating', 'b'),
        slice(6020, 'endpoint-removed', 'b', 'server'),
        slice(6200, 'endpoint-gone', 'b'),
        event(7000, 'pod-terminating', 'c'), // still listed as the run ended
        slice(7005, 'endpoint-removed', 'c'),
      ],
      pods: {
        a: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 6010 },
        b: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 6900 },
        c: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 7000 }, // its last request came before the mark
      },
    });
    const lag = measureDrainLag(result);
    expect(lag.pods.map((pod) => pod.endpointSlice)).toEqual([
      { terminatingAtMs: 5010, goneAtMs: 5060, lagMs: 50, propagationMs: 1000, source: 'client' },
      { terminatingAtMs: 6020, goneAtMs: 6200, lagMs: 180, propagationMs: 880, source: 'server' },
      { terminatingAtMs: 7005, propagationMs: 0, source: 'client' },
    ]);
    expect(lag.endpointSlice).toEqual({ pods: 2, p50Ms: 50, maxMs: 180, propagationMaxMs: 1000, source: 'server' });
  });

  it('without EndpointSlice events (the local platform) there is no slice side', () => {
    const result = runResult({
      buckets: [],
      timeline: [event(5000, 'pod-terminating', 'a'), event(5000, 'endpoint-remove-requested', 'a')],
      pods: { a: { requests: 1, failed: 0, firstSentMs: 0, lastSentMs: 5900 } },
    });
    expect(measureDrainLag(result).endpointSlice).toBeUndefined();
    expect(measureDrainLag(result).pods[0]?.endpointSlice).toBeUndefined();
  });

  it('without a pod header, infers the lag from the end of the failure window and says so', () => {
    const result = runResult({
      buckets: [
        { startMs: 0, outcomes: { '200': { count: 10 } } },
        { startMs: 1000, outcomes: { ECONNRESET: { count: 4 } } },
        { startMs: 2000, outcomes: { ECONNREFUSED: { count: 2 } } },
        { startMs: 3000, outcomes: { '200': { count: 10 } } },
      ],
      timeline: [event(1200, 'pod-terminating', 'x')],
    });
    expect(measureDrainLag(result).pods).toEqual([
      { pod: 'x', terminatingAtMs: 1200, lastRequestAtMs: 3000, lagMs: 1800, source: 'failure-window' },
    ]);
  });
});
