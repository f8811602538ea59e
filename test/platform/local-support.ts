import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TimelineEvent } from '../../src/core/timeline.js';
import type { SampleAppSpec } from '../../src/platform/local/app-command.js';
import type { LocalTargetSpec } from '../../src/platform/local/local-platform.js';
import type { Platform } from '../../src/platform/types.js';

// Shared by the tests that run the local platform on real processes (`rollbench sample-app` children).

export { alive } from '../support/processes.js';

/** 3 sample-app replicas probed every 100 ms, no preStop, 5 s grace; each test overrides what it is about. */
export async function localSpec(
  overrides: Partial<LocalTargetSpec> = {},
  app: Partial<SampleAppSpec> = {},
): Promise<LocalTargetSpec> {
  return {
    name: 'web',
    app: { sampleApp: { cpuMs: 0, delayMs: 0, bodyBytes: 2, startupDelayMs: 0, onSigterm: 'exit', ...app } },
    replicas: 3,
    readinessProbe: {
      path: '/healthz',
      periodMs: 100,
      timeoutMs: 500,
      initialDelayMs: 0,
      successThreshold: 1,
      failureThreshold: 1,
    },
    termination: { preStopMs: 0, gracePeriodMs: 5000 },
    maxSurge: 1,
    maxUnavailable: 0,
    minReadyMs: 0,
    proxy: { mode: 'l7', propagationDelayMs: 100, jitterMs: 0 },
    nodes: [],
    startTimeoutMs: 20_000,
    // In a folder of its own, as a run's `<out>/logs`: the cluster writes its kubeconfig beside it, and a folder made
    // straight in the temp dir put every test's at /tmp/kubeconfig, where two suites side by side read each other's
    // (a Deployment created in the other suite's cluster: 409 Conflict).
    logDir: join(await mkdtemp(join(tmpdir(), 'rollbench-local-')), 'logs'),
    ...overrides,
  };
}

/** Replays the timeline to check an invariant at every step: the pods running, and those ready. */
export function replay(events: TimelineEvent[], check: (running: Set<string>, ready: Set<string>) => void): void {
  const running = new Set<string>();
  const ready = new Set<string>();
  for (const event of events) {
    const pod = event.pod ?? '';
    if (event.type === 'pod-created') running.add(pod);
    if (event.type === 'pod-terminating' || event.type === 'pod-exited') running.delete(pod);
    if (event.type === 'pod-ready') ready.add(pod);
    if (event.type === 'pod-not-ready' || event.type === 'pod-terminating' || event.type === 'pod-exited')
      ready.delete(pod);
    check(running, ready);
  }
}

/** Starts the platform and streams its events (start-up's first) into `events` for the rest of the test. */
export async function startObserved(platform: Platform, events: TimelineEvent[], signal: AbortSignal): Promise<void> {
  await platform.start(signal);
  void platform.observe((event) => events.push(event), new AbortController().signal);
}
