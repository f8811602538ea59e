import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollbench } from '../support/cli.js';
import { runScenario, shortRollout } from './helpers.js';

describe('rollbench run writes reports next to result.json', () => {
  it('writes report.html by default, and says where', async () => {
    const ran = await runScenario(shortRollout(undefined));
    expect(ran.code).toBe(4);
    const files = await readdir(ran.outDir);
    expect(files).toContain('report.html');
    expect(files).not.toContain('summary.md');
    expect(ran.stderr).toContain(`Report written to ${join(ran.outDir, 'report.html')}`);
    const html = await readFile(join(ran.outDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<header class="verdict fail" id="verdict"><p class="line">FAIL \(maxFailedRequests\)/);
  });

  it('refuses an unknown --report format before starting anything (exit 2)', async () => {
    const ran = await rollbench(['run', 'scenarios/local-rollout.yaml', '--report', 'html,pdf']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('rollbench: unknown report format "pdf"');
  });
});
