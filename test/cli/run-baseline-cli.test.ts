import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityPath } from '../report/fixtures.js';
import { runScenario } from '../run/helpers.js';

/** One replica, no disruption, 4.5 s of load (400 judged requests); `app` adds sample-app settings, `slo` the SLO. */
const steady = (app: string, slo = '{ maxFailedRequests: 0 }') => `name: steady
target:
  platform: local
  app:
    sampleApp: { ${app} }
  readinessProbe: { path: /healthz, periodSeconds: 0.2, failureThreshold: 1 }
load: { rate: 100, connections: 40, timeout: 2s, bucket: 500ms }
warmup: 500ms
cooldown: 4s
slo: ${slo}
`;

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('rollbench run --baseline', () => {
  it('exits 6 when a run that passed its SLO is 250 ms slower than the baseline, and writes compare.md/html', async () => {
    const base = await runScenario(steady(''), { args: ['--report', 'none'] });
    expect(base.code).toBe(0);
    const baseline = join(base.outDir, 'result.json');
    // p99 of the baseline's few hundred requests is one of its few slowest: one stall of a busy machine can put it past a
    // small slowdown (100 ms was seen made up). 250 ms and 400 requests leave no such overlap.
    const slower = await runScenario(steady('delay: 250ms'), { args: ['--baseline', baseline, '--report', 'md'] });
    expect(slower.code).toBe(6);
    expect(slower.stdout).toContain(`Against the baseline ${baseline}:`);
    expect(lastLine(slower.stdout)).toMatch(/^REGRESSION: p99 of successful requests .* ms \(\+\d+ %, allowed \+10 %/);
    const files = await readdir(slower.outDir);
    expect(files).toEqual(expect.arrayContaining(['summary.md', 'compare.md']));
    expect(files).not.toContain('compare.html');
    expect(await readFile(join(slower.outDir, 'compare.md'), 'utf8')).toMatch(/❌ \*\*REGRESSION: p99/);

    // The SLO's verdict comes first: a run that fails it exits 4, regression or not.
    const failing = await runScenario(steady('delay: 250ms', '{ maxP99: 5ms }'), {
      args: ['--baseline', baseline, '--report', 'none'],
    });
    expect(failing.code).toBe(4);
    expect(lastLine(failing.stdout)).toMatch(/^REGRESSION: p99/);
  }, 120_000);

  it('refuses a baseline it cannot compare with before starting anything (exit 3)', async () => {
    const capacity = await runScenario(steady(''), { args: ['--baseline', capacityPath] });
    expect(capacity.code).toBe(3);
    expect(capacity.stderr).toContain('is a capacity result; compare reads run results');
    expect(capacity.stderr).not.toContain('Starting');
    const missing = await runScenario(steady(''), { args: ['--baseline', 'no/such/result.json'] });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('cannot read the result: ENOENT');
  }, 60_000);
});
