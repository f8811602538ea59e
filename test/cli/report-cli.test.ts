import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPath, rolloutPath } from '../report/fixtures.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('rollbench report', () => {
  const dir = tempDir('rollbench-report-');

  it('writes every report next to the result by default, and prints their paths', async () => {
    const file = join(dir.path, 'result.json');
    await copyFile(rolloutPath, file);
    const ran = await rollbench(['report', file]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const names = ['report.html', 'summary.md', 'junit.xml'];
    expect(ran.stdout.trim().split('\n')).toEqual(names.map((name) => join(dir.path, name)));
    expect(await readFile(join(dir.path, 'summary.md'), 'utf8')).toContain('**FAIL (maxFailedRequests)');
  });

  it('writes only the formats asked for, into --out', async () => {
    const out = join(dir.path, 'ci');
    const ran = await rollbench(['report', rolloutPath, '--format', 'junit,md', '-o', out]);
    expect(ran.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'summary.md']);
  });

  it('renders the JSON of `rollbench load --json` too', async () => {
    const out = join(dir.path, 'load');
    const ran = await rollbench(['report', loadPath, '--format', 'md', '-o', out]);
    expect(ran.code).toBe(0);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('NO FAILURES: 0 of 1,000 requests failed');
  });

  it('refuses an unknown format with exit 2 and the formats it knows', async () => {
    const ran = await rollbench(['report', rolloutPath, '--format', 'pdf']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /^rollbench: unknown report format "pdf"\nhint: use some of html, md, junit, or none\ncode: USAGE\n$/,
    );
  });
});
