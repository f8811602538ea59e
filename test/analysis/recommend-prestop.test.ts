import { describe, expect, it } from 'vitest';
import { measureDrainLag } from '../../src/analysis/drain-lag.js';
import { deploymentPatch, scenarioPatch } from '../../src/analysis/recommend/patch.js';
import { recommendTermination } from '../../src/analysis/recommend/prestop.js';
import { terminationAsRun } from '../../src/analysis/termination-as-run.js';
import type { ContainerSettings, WorkloadSettings } from '../../src/core/workload.js';
import { event, runResult, encodedLatencies as successesOf } from './fixtures.js';

describe('recommendTermination (worked example)', () => {
  // Drain lags 900 and 2400 ms; successful requests up to 1.5 s; a pod took 700 ms from SIGTERM to exit.
  const result = runResult({
    buckets: [
      {
        startMs: 0,
        outcomes: {
          '200': {
            count: 1000,
            histogram: successesOf(Array.from({ length: 1000 }, (_, i) => (i < 998 ? 1000 : 1_500_000))),
          },
        },
      },
    ],
    timeline: [
      event(5000, 'pod-terminating', 'a'),
      event(5000, 'sigterm-sent', 'a'),
      event(5700, 'pod-exited', 'a'),
      event(8000, 'pod-terminating', 'b'),
      event(8000, 'sigterm-sent', 'b'),
      event(8300, 'pod-exited', 'b'),
    ],
    pods: {
      a: { requests: 10, failed: 0, firstSentMs: 0, lastSentMs: 5900 },
      b: { requests: 10, failed: 0, firstSentMs: 0, lastSentMs: 10_400 },
    },
  });
  const rec = recommendTermination(result, measureDrainLag(result), {
    preStopSeconds: 0,
    terminationGracePeriodSeconds: 30,
  });

  it('preStop = ceil((max lag + max(1 s, 20 % of it)) / 1 s): 2400 + 1000 → 4 s', () => {
    expect(rec.preStop.seconds).toBe(4);
    expect(rec.preStop.inputs).toEqual({ maxDrainLagMs: 2400, p50DrainLagMs: 900, marginMs: 1000 });
  });

  it('grace = ceil((preStop + p99.9 of successes + slowest shutdown + 2 s) / 1 s): 4000 + ~1500 + 700 + 2000 → 9 s', () => {
    expect(rec.terminationGracePeriod.inputs).toMatchObject({ preStopMs: 4000, shutdownMs: 700, marginMs: 2000 });
    expect(rec.terminationGracePeriod.inputs.slowestRequestMs).toBeGreaterThanOrEqual(1499);
    expect(rec.terminationGracePeriod.seconds).toBe(9);
  });

  it('patches never lower what the run had, and use the sleep action or the exec fallback', () => {
    expect(deploymentPatch(rec, { containers: [{ name: 'web' }] })).toEqual({
      spec: {
        template: {
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [{ name: 'web', lifecycle: { preStop: { sleep: { seconds: 4 } } } }],
          },
        },
      },
    });
    expect(deploymentPatch(rec, { action: 'exec' })).toMatchObject({
      spec: {
        template: {
          spec: { containers: [{ name: 'app', lifecycle: { preStop: { exec: { command: ['sleep', '4'] } } } }] },
        },
      },
    });
    expect(scenarioPatch(rec)).toEqual({
      target: { lifecycle: { preStop: { sleep: { seconds: 4 } } }, terminationGracePeriodSeconds: 30 },
    });
  });
});

describe('the preStop and grace period a run used', () => {
  const asRun = { target: { lifecycle: { preStop: { sleep: { seconds: 1 } } }, terminationGracePeriodSeconds: 20 } };
  const workload = (preStop?: ContainerSettings['preStop']): WorkloadSettings => ({
    name: 'default/web',
    replicas: 3,
    strategy: { type: 'RollingUpdate' },
    minReadySeconds: 0,
    terminationGracePeriodSeconds: 45,
    containers: [{ name: 'sidecar' }, { name: 'web', ...(preStop ? { preStop } : {}) }],
  });

  it('are read from the workload as the platform held it, not from the scenario', () => {
    const result = runResult({ buckets: [], timeline: [] });
    result.scenario.asRun = asRun;
    result.workload = { before: workload({ sleepSeconds: 3 }) };
    expect(terminationAsRun(result)).toEqual({ preStopSeconds: 3, terminationGracePeriodSeconds: 45 });
    result.workload = { before: workload({ exec: ['sh', '-c', 'sleep 5'] }) };
    expect(terminationAsRun(result)).toEqual({ preStopSeconds: 0, terminationGracePeriodSeconds: 45 });
  });

  it('come from the scenario in a result written before the workload was recorded', () => {
    const result = runResult({ buckets: [], timeline: [] });
    result.scenario.asRun = asRun;
    expect(terminationAsRun(result)).toEqual({ preStopSeconds: 1, terminationGracePeriodSeconds: 20 });
  });
});
