import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EndpointSet, type EndpointSetOptions } from '../../../src/cluster/proxy/endpoints.js';
import type { ProxyEvent } from '../../../src/cluster/proxy/types.js';

// The routed set on fake time: what is routed when, which events say so, and what gets opened and retired.
let events: ProxyEvent[];
let retired: string[];

function endpointSet(options: Partial<EndpointSetOptions<string>> = {}): EndpointSet<string> {
  return new EndpointSet<string>({
    propagationDelayMs: 300,
    jitterMs: 0,
    delayAdditions: false,
    onEvent: (event) => events.push(event),
    open: (name, port) => `${name}:${port}`,
    retire: (upstream) => retired.push(upstream),
    now: () => Date.now(),
    ...options,
  });
}

function picks(set: EndpointSet<string>, n: number): Array<string | undefined> {
  return Array.from({ length: n }, () => set.pick());
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  events = [];
  retired = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EndpointSet', () => {
  it('routes an addition at once and round-robins over what is routed', () => {
    const set = endpointSet();
    expect(set.pick()).toBeUndefined();
    set.add('a', 1001);
    set.add('b', 1002);
    expect(set.names()).toEqual(['a', 'b']);
    expect(picks(set, 4)).toEqual(['a:1001', 'b:1002', 'a:1001', 'b:1002']);
    expect(events.map((e) => `${e.type} ${e.endpoint}`)).toEqual([
      'endpoint-add-requested a',
      'endpoint-added a',
      'endpoint-add-requested b',
      'endpoint-added b',
    ]);
  });

  it('keeps routing to a removed endpoint until the propagation delay has passed', () => {
    const set = endpointSet();
    set.add('a', 1001);
    set.add('b', 1002);
    events = [];
    set.remove('a');
    vi.advanceTimersByTime(299);
    expect(set.names()).toEqual(['a', 'b']);
    expect(retired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(set.names()).toEqual(['b']);
    expect(picks(set, 2)).toEqual(['b:1002', 'b:1002']);
    expect(retired).toEqual(['a:1001']);
    expect(events).toEqual([
      { type: 'endpoint-remove-requested', atMs: 0, endpoint: 'a' },
      { type: 'endpoint-removed', atMs: 300, endpoint: 'a' },
    ]);
  });

  it('adds a uniformly random jitter in [0, jitterMs] per change', () => {
    const set = endpointSet({ jitterMs: 100, random: () => 0.5 });
    set.add('a', 1001);
    set.remove('a');
    vi.advanceTimersByTime(349);
    expect(set.names()).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(set.names()).toEqual([]);
  });

  it('delays additions too with delayAdditions', () => {
    const set = endpointSet({ delayAdditions: true });
    set.add('a', 1001);
    expect(set.names()).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(set.names()).toEqual(['a']);
    expect(events.map((e) => [e.type, e.atMs])).toEqual([
      ['endpoint-add-requested', 0],
      ['endpoint-added', 300],
    ]);
  });

  it('ignores a repeated removal, an unknown name and a repeated addition', () => {
    const set = endpointSet();
    set.add('a', 1001);
    set.add('a', 1001);
    set.remove('a');
    vi.advanceTimersByTime(100);
    set.remove('a');
    set.remove('nobody');
    vi.advanceTimersByTime(1000);
    expect(set.names()).toEqual([]);
    expect(retired).toEqual(['a:1001']);
    expect(events.map((e) => e.type)).toEqual([
      'endpoint-add-requested',
      'endpoint-added',
      'endpoint-remove-requested',
      'endpoint-removed',
    ]);
  });

  it('the latest request wins: added back before its removal took effect, it is never unrouted', () => {
    const set = endpointSet();
    set.add('a', 1001);
    set.remove('a');
    vi.advanceTimersByTime(100);
    set.add('a', 1001);
    vi.advanceTimersByTime(1000);
    expect(set.names()).toEqual(['a']);
    expect(retired).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'endpoint-add-requested',
      'endpoint-added',
      'endpoint-remove-requested',
      'endpoint-add-requested',
    ]);
  });

  it('the latest request wins even when jitter makes an earlier change take effect later', () => {
    const delays = [0.9, 0]; // the removal draws a long jitter, the re-addition a short one
    const set = endpointSet({ delayAdditions: true, jitterMs: 100, random: () => delays.shift() ?? 0 });
    set.add('a', 1001);
    vi.advanceTimersByTime(400);
    set.remove('a'); // takes effect at 400 + 300 + 90
    vi.advanceTimersByTime(10);
    set.add('a', 1001); // takes effect at 410 + 300 + 0, before the removal
    vi.advanceTimersByTime(1000);
    expect(set.names()).toEqual(['a']);
  });

  it('a new port for a routed name replaces its upstream', () => {
    const set = endpointSet();
    set.add('a', 1001);
    set.add('b', 1002);
    set.add('a', 2001);
    expect(picks(set, 2)).toEqual(['a:2001', 'b:1002']);
    expect(retired).toEqual(['a:1001']);
  });

  it('close() cancels pending changes, routes nothing and ignores later calls', () => {
    const set = endpointSet();
    set.add('a', 1001);
    set.remove('a');
    set.close();
    set.add('b', 1002);
    vi.advanceTimersByTime(1000);
    expect(set.pick()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(events.map((e) => e.type)).toEqual([
      'endpoint-add-requested',
      'endpoint-added',
      'endpoint-remove-requested',
    ]);
  });
});
