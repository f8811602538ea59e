import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { prestopPath, rolloutPath } from '../report/fixtures.js';
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
    const allowed = await rollbench(['compare', prestopPath, candidate, '--max-failed-increase', '20']);
    expect(allowed.code).toBe(0);
  });

  it('refuses a threshold that is not a number (exit 2)', async () => {
    const ran = await rollbench(['compare', rolloutPath, rolloutPath, '--p99-increase-percent', 'ten']);
    expect(ran.code).toBe(2);
  });
});
