import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sizeReplicas } from '../../src/analysis/capacity.js';
import type { CapacityResult } from '../../src/core/run-result.js';
import { parseScenario } from '../../src/scenario/index.js';
import { replicaPods, runningReplicas, runScenario } from './helpers.js';

describe('capacity', () => {
  it('sizes replicas by scaling the per-replica rate of the highest passing step, rounding up', () => {
    expect(sizeReplicas(500, 2, 3000)).toEqual({ targetRps: 3000, rpsPerReplica: 250, replicas: 12 });
    expect(sizeReplicas(500, 2, 3001)).toMatchObject({ replicas: 13 });
  });

  it('reads rates as a list or as from/to/step, and refuses both or neither', () => {
    const base = 'name: c\ntarget: { platform: local, app: { sampleApp: {} } }\n';
    expect(parseScenario(`${base}capacity: { from: 100, to: 400, step: 100 }\n`, 'c.yaml').scenario.capacity).toEqual({
      ratesRps: [100, 200, 300, 400],
      stepDurationMs: 10_000,
    });
    expect(() => parseScenario(`${base}capacity: { rates: [1], from: 1, to: 2, step: 1 }\n`, 'c.yaml')).toThrow(
      /c\.yaml:3:\d+ capacity\.rates: give either rates or from\/to\/step/,
    );
    expect(() => parseScenario(`${base}capacity: { stepDuration: 1s }\n`, 'c.yaml')).toThrow(/needs rates/);
    expect(() =>
      parseScenario(`${base}capacity: { rates: [1] }\ndisruptions: [{ at: 6s, action: rollout }]\n`, 'c.yaml'),
    ).toThrow(/c\.yaml:3:11 capacity: a capacity run steps the rate and takes no disruptions/);
  });

  it('steps through the rates on real replicas, judging the SLO per step', async () => {
    const ran = await runScenario(`name: cap
target:
  platform: local
  app: { sampleApp: {} }
  replicas: 2
  readinessProbe: { periodSeconds: 0.2 }
load: { connections: 4 }
warmup: 0s
capacity: { rates: [50, 100], stepDuration: 1s, targetRate: 1000 }
slo: { maxFailedRequests: 0 }
`);
    expect(ran.code).toBe(0);
    const result = JSON.parse(await readFile(join(ran.outDir, 'result.json'), 'utf8')) as CapacityResult;
    expect(result.kind).toBe('capacity');
    expect(result.steps.map((step) => [step.rps, step.load.summary.requests, step.verdict.passed])).toEqual([
      [50, 50, true],
      [100, 100, true],
    ]);
    expect(result.maxPassingRps).toBe(100);
    expect(result.sizing).toEqual({ targetRps: 1000, rpsPerReplica: 50, replicas: 20 });
    expect(ran.stdout).toContain('Highest rate meeting the SLO: 100 rps');
    expect(replicaPods(result)).toHaveLength(2);
    expect(runningReplicas(result)).toEqual([]);
    // One clock with a run's: ms since the (first step's) load started, start-up before it negative.
    const at = (type: string, phase?: string) =>
      result.timeline.find((event) => event.type === type && (phase === undefined || event.runPhase === phase))?.atMs;
    expect(at('pod-ready')).toBeLessThan(0);
    // Announced as its load thread was asked for (it takes a moment to boot), not seconds after the call.
    expect(at('phase-started', 'step 1/2: 50 rps')).toBeLessThanOrEqual(0);
    expect(at('phase-started', 'step 2/2: 100 rps')).toBeGreaterThanOrEqual(1000); // after step 1's second
  });
});

describe('capacity plan', () => {
  it('lists every step with its rate and duration, not a single load', async () => {
    const { planRun } = await import('../../src/run/plan.js');
    const { toRunSpec } = await import('../../src/run/from-scenario.js');
    const { scenario } = parseScenario(
      'name: c\ntarget: { platform: local, app: { sampleApp: {} } }\ncapacity: { rates: [100, 200], stepDuration: 5s }\n',
      'c.yaml',
    );
    const steps = planRun(toRunSpec(scenario)).map((step) => [step.atMs, step.what]);
    expect(steps[1]).toEqual([0, 'step 1/2: 100 rps (open model) for 5s, judged against the SLO']);
    expect(steps[2]?.[0]).toBe(6000);
    expect(String(steps[2]?.[1])).toMatch(/^step 2\/2: 200 rps .* only if the previous step met it$/);
    expect(steps.some(([, what]) => String(what).startsWith('load starts'))).toBe(false);
  });
});
