import { describe, expect, it } from 'vitest';
import type { CapacityResult } from '../../src/core/run-result.js';
import { readResult, runningReplicas, runScenario } from './helpers.js';

// A run that reaches its `timeout:` says so on stderr and writes what it measured, marked incomplete (exit 4).

const target = `target:
  platform: local
  app: { sampleApp: {} }
  replicas: 2
  readinessProbe: { periodSeconds: 0.2 }
load: { rate: 50, connections: 4, bucket: 500ms }
`;

describe('the run timeout', () => {
  it('cuts a capacity step that cannot finish in time: incomplete, the step so far kept, exit 4', async () => {
    const ran = await runScenario(`name: cap-timeout
${target}warmup: 0s
capacity: { rates: [50, 100], stepDuration: 30s }
timeout: 3s
`);
    expect(ran.code).toBe(4);
    expect(ran.stderr).toContain(
      'rollbench: the run did not complete: the run timeout of 3s was reached during step 1/2: 50 rps',
    );
    const result = (await readResult(ran.outDir)) as unknown as CapacityResult;
    expect(result.incomplete).toBe('the run timeout of 3s was reached during step 1/2: 50 rps');
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.load.summary).toMatchObject({ stopReason: 'stopped' });
    // However few a loaded machine sent before the timeout.
    expect(result.steps[0]?.load.summary.requests).toBeGreaterThan(0);
    // A step cut short proves nothing about its rate.
    expect(result.maxPassingRps).toBeUndefined();
    expect(ran.stdout).toContain('The run did not complete: the run timeout of 3s was reached during step 1/2');
    expect(runningReplicas(result)).toEqual([]);
  });

  // The timeout leaves the deletePod (a replacement started and ready) time to finish first on a loaded machine,
  // where that takes seconds.
  it('cuts a disruption run in its cooldown: incomplete, the load so far kept, exit 4', async () => {
    const ran = await runScenario(`name: run-timeout
${target}warmup: 500ms
cooldown: 30s
disruptions: [{ at: 500ms, action: deletePod, pod: random }]
timeout: 8s
`);
    expect(ran.code).toBe(4);
    expect(ran.stderr).toContain(
      'rollbench: the run did not complete: the run timeout of 8s was reached during cooldown',
    );
    const result = await readResult(ran.outDir);
    expect(result.incomplete).toBe('the run timeout of 8s was reached during cooldown');
    expect(result.actions[0]?.finishedMs).toBeGreaterThan(0);
    expect(result.summary.requests).toBeGreaterThan(80);
    expect(ran.stdout).toContain('FAIL: the run did not complete');
    expect(runningReplicas(result)).toEqual([]);
  });
});
