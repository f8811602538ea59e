import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { loadPath, prestopPath, rolloutPath } from '../report/fixtures.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

describe('rollbench compare', () => {
  const dir = tempDir('rollbench-compare-');

  it('finds no regression in a run compared with itself (exit 0), within 120 columns', async () => {
    const ran = await rollbench(['compare', rolloutPath, rolloutPath]);
    expect(ran.code).toBe(0);
    expect(widest(ran.stdout)).toBeLessThanOrEqual(120);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toMatch(/^NO REGRESSION: /);
  });

  it('refuses a `rollbench load` result with exit 3 and a hint that names compare, not another command', async () => {
    const ran = await rollbench(['compare', loadPath, rolloutPath]);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain('is a `rollbench load` result');
    expect(ran.stderr).toMatch(/hint: .*`rollbench compare` read the result\.json `rollbench run` writes/);
  });

  it('exits 6 when 1 % of the judged requests more answer 502, with the reason in the last line', async () => {
    const result = JSON.parse(await readFile(prestopPath, 'utf8')) as RunResult;
    for (const bucket of result.buckets) {
      // 2 more 502s a second at 200 rps.
      const count = (bucket.outcomes['502']?.count ?? 0) + 2;
      if (bucket.startMs >= result.verdict.judged.fromMs) bucket.outcomes['502'] = { count };
    }
    const candidate = join(dir.path, 'candidate.json');
    await writeFile(candidate, JSON.stringify(result));
    const ran = await rollbench(['compare', prestopPath, candidate]);
    expect(ran.code).toBe(6);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toMatch(/^REGRESSION: 18 more failed requests \(0 → 18,/);
    const allowed = await rollbench(['compare', prestopPath, candidate, '--max-failed-requests-increase', '20']);
    expect(allowed.code).toBe(0);
  });

  it("takes thresholds from the candidate scenario's compare: block; a flag overrides it", async () => {
    const result = JSON.parse(await readFile(prestopPath, 'utf8')) as RunResult;
    for (const bucket of result.buckets) {
      if (bucket.startMs >= result.verdict.judged.fromMs) bucket.outcomes['502'] = { count: 2 };
    }
    (result.scenario.asRun as Record<string, unknown>).compare = { maxFailedRequestsIncrease: 20 };
    const candidate = join(dir.path, 'allowed.json');
    await writeFile(candidate, JSON.stringify(result));
    const ran = await rollbench(['compare', prestopPath, candidate]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Thresholds: failed requests +20,');
    const flagged = await rollbench(['compare', prestopPath, candidate, '--max-error-rate-increase', '0.5%']);
    expect(flagged.code).toBe(6);
    expect(flagged.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^REGRESSION: error rate 0 → 1\.\d+ % \(\+1\.\d+ percentage points, allowed \+0\.5,/,
    );
  });

  it('writes compare.html and compare.md with --format, into --out', async () => {
    const out = join(dir.path, 'reports');
    const ran = await rollbench(['compare', prestopPath, rolloutPath, '--format', 'html,md', '-o', out]);
    expect(ran.code).toBe(6);
    expect(ran.stderr).toContain(join(out, 'compare.html'));
    const md = await readFile(join(out, 'compare.md'), 'utf8');
    expect(md.split('\n')[2]).toMatch(/^❌ \*\*REGRESSION: 131 more failed requests /);
    expect(md).toContain('| judged | 1,751 → 1,316 | 0 → 131 |');
    const html = await readFile(join(out, 'compare.html'), 'utf8');
    expect(html).toContain('id="chart-compare"');
    expect(html).not.toMatch(/<(script|link)[^>]+src=/);
  });

  it('refuses a threshold that is not a number (exit 2)', async () => {
    const ran = await rollbench(['compare', rolloutPath, rolloutPath, '--p99-increase-percent', 'ten']);
    expect(ran.code).toBe(2);
    const level = await rollbench(['compare', rolloutPath, rolloutPath, '--significance', '0']);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('not a level in (0, 0.5]');
  });
});
