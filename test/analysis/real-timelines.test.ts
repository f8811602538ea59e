import { describe, expect, it } from 'vitest';
import { attributeFailures } from '../../src/analysis/attribution.js';
import { measureDrainLag } from '../../src/analysis/drain-lag.js';
import { resultFileSchema } from '../../src/core/result-schema.js';
import type { RunResult } from '../../src/core/run-result.js';
import { kubernetesRollout, localRollout } from './real-timelines.js';

/** The findings people read: each cause with its count, pods (sorted) and disruption. */
const findings = (result: RunResult) =>
  attributeFailures(result).causes.map(({ cause, count, pods, action }) => ({
    cause,
    count,
    pods: [...pods].sort(),
    action,
  }));

const replaced = (result: RunResult) => [...(result.actions[0]?.podsRemoved ?? [])].sort();

describe('attribution on real timelines of the seed experiment', () => {
  it('the fixtures are results as rollbench writes them', async () => {
    for (const result of [await kubernetesRollout(), await localRollout()]) {
      expect(resultFileSchema.safeParse(result).error?.issues ?? []).toEqual([]);
    }
  });

  it('on the Kubernetes timeline: every failure routed to an old pod after it had exited, during the rollout', async () => {
    const result = await kubernetesRollout();
    // Before, 94 of them were the pods' own errors: sent before the exit (even the deletion) arrived by watch.
    expect(findings(result)).toEqual([
      { cause: 'routed-after-exit', count: 171, pods: replaced(result), action: 'rollout@5s' },
    ]);
    expect(attributeFailures(result).failed).toBe(171);
  });

  it('on the local timeline: the same finding', async () => {
    const result = await localRollout();
    // Before, the 10 failures of the last pod sent 0.6 ms before its SIGTERM was recorded were its own errors.
    expect(findings(result)).toEqual([
      { cause: 'routed-after-exit', count: 150, pods: replaced(result), action: 'rollout@5s' },
    ]);
  });

  it('drain lag on the Kubernetes timeline: traffic side and EndpointSlice side, ~1 s apart as the proxy was set', async () => {
    const lag = measureDrainLag(await kubernetesRollout());
    const rounded = lag.pods.map(({ pod, lagMs, source, endpointSlice }) => [
      pod.slice(-5),
      Math.round(lagMs),
      source,
      Math.round(endpointSlice?.lagMs ?? Number.NaN),
      Math.round(endpointSlice?.propagationMs ?? Number.NaN),
    ]);
    expect(rounded).toEqual([
      ['k7qjk', 1119, 'pod-header', 135, 1067],
      ['75gfc', 1093, 'pod-header', 97, 1074],
      ['5zv8b', 999, 'pod-header', 38, 992],
    ]);
    // The slice let go of each pod within 135 ms of marking it terminating; the traffic went on for the cluster's
    // endpoint propagation delay (1 s) after the mark.
    expect(lag.endpointSlice).toMatchObject({ pods: 3, source: 'client' });
    expect(lag.endpointSlice?.propagationMaxMs).toBeGreaterThanOrEqual(1000);
  });

  it('drain lag on the local timeline: the traffic side only, as before', async () => {
    const lag = measureDrainLag(await localRollout());
    expect(lag.pods.map(({ lagMs }) => Math.round(lagMs))).toEqual([998, 992, 988]);
    expect(lag.endpointSlice).toBeUndefined();
  });
});
