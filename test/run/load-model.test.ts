import { describe, expect, it } from 'vitest';
import { readResult, runningReplicas, runScenario } from './helpers.js';

// `load.model: closed` runs the closed model; the old `max: true` still does for one release, with a warning.

const scenario = (load: string) => `name: closed-model
target:
  platform: local
  app: { sampleApp: {} }
  readinessProbe: { periodSeconds: 0.2 }
load: { ${load}, connections: 2, bucket: 500ms }
warmup: 0s
cooldown: 1s
`;

describe('a run in the closed model', () => {
  it('is what model: closed runs: no rate, each connection sending as its last request ends', async () => {
    const ran = await runScenario(scenario('model: closed'));
    expect(ran.stderr).not.toContain('(warning)');
    expect(ran.code).toBe(0);
    const result = await readResult(ran.outDir);
    expect(result.settings).toMatchObject({ model: 'closed', connections: 2 });
    expect(result.settings.rps).toBeUndefined();
    expect(result.summary.requests).toBeGreaterThan(0);
    expect(runningReplicas(result)).toEqual([]);
  });

  it('is still what max: true runs, with a warning naming the file, line and field and the new spelling', async () => {
    const ran = await runScenario(scenario('max: true'));
    expect(ran.stderr).toMatch(
      /^rollbench: \S+scenario\.yaml:6:14 load\.max: max: true is deprecated and removed in the next release: write model: closed \(warning\)$/m,
    );
    expect(ran.code).toBe(0);
    const result = await readResult(ran.outDir);
    expect(result.settings).toMatchObject({ model: 'closed', connections: 2 });
    expect(result.settings.rps).toBeUndefined();
  });

  it('refuses model and max together, and a rate in the closed model: exit 3 naming file, line and field', async () => {
    const both = await runScenario(scenario('model: closed, max: true'));
    expect(both.code).toBe(3);
    expect(both.stderr).toMatch(/^rollbench: \S+scenario\.yaml:6:29 load\.max: max is the old spelling of model/m);
    expect(both.stdout).toBe('');
    const rate = await runScenario(scenario('model: closed, rate: 50'));
    expect(rate.code).toBe(3);
    expect(rate.stderr).toMatch(/^rollbench: \S+scenario\.yaml:6:16 load\.model: rate and model: closed exclude/m);
  });
});
