import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes': number; steps: Step[] }>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

async function steps(): Promise<{ workflow: Workflow; steps: Step[] }> {
  const workflow = parse(await readFile(`${root}examples/github-actions.yml`, 'utf8')) as Workflow;
  const [job] = Object.values(workflow.jobs);
  return { workflow, steps: job?.steps ?? [] };
}

const named = (list: Step[], pattern: RegExp): Step => {
  const step = list.find((item) => pattern.test(item.name ?? ''));
  if (!step) throw new Error(`no step named like ${pattern}`);
  return step;
};

/** Runs a step's script with bash as the runner does (`bash -e`), in `env`; its exit code and output. */
function runScript(script: string, env: Record<string, string>): { code: number | null; stdout: string } {
  const ran = spawnSync('bash', ['-e', '-c', script], {
    env: { PATH: process.env.PATH, ...env },
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  return { code: ran.status, stdout: ran.stdout.toString() };
}

describe('examples/github-actions.yml', () => {
  const dir = tempDir('rollbench-actions-');

  it('is a workflow run on pull requests, with a deadline, whose scripts bash can parse', async () => {
    const { workflow, steps: list } = await steps();
    expect(Object.keys(workflow.on)).toContain('pull_request');
    const [job] = Object.values(workflow.jobs);
    expect(job?.['timeout-minutes']).toBeGreaterThan(0);
    for (const step of list) {
      if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
      if (step.run)
        expect(
          spawnSync('bash', ['-n', '-c', step.run], { timeout: 10_000, killSignal: 'SIGKILL' }).status,
          step.name,
        ).toBe(0);
    }
    expect(existsSync(`${root}${workflow.env.SCENARIO}`)).toBe(true);
  });

  it('runs the scenario with flags rollbench run takes: all three reports, the baseline when there is one', async () => {
    const { steps: list } = await steps();
    const script = named(list, /^Rehearse/).run ?? '';
    expect(script).toMatch(/npx rollbench run "\$SCENARIO" --out "\$OUT" --report html,md,junit "\$\{baseline\[@\]\}"/);
    expect(script).toContain('--baseline baseline/result.json');
    const help = await rollbench(['run', '--help']);
    for (const flag of ['--out', '--report', '--baseline']) expect(help.stdout).toContain(flag);
  });

  it('posts summary.md and compare.md, uploads report.html and publishes junit.xml, even when the run fails', async () => {
    const { steps: list } = await steps();
    const summary = named(list, /summary/);
    expect(summary.if).toBe('always()');
    expect(summary.run).toContain('"$OUT/summary.md" "$OUT/compare.md"');
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = named(list, /Upload the HTML report/);
    expect(upload.if).toBe('always()');
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    expect(String(upload.with?.path)).toContain('/report.html');
    const junit = named(list, /test results/);
    expect(junit.if).toBe('always()');
    expect(String(junit.with?.report_paths)).toMatch(/junit\.xml$/);
  });

  it('fails the job on exit 4 and 6 with the reason, passes on 0', async () => {
    const { steps: list } = await steps();
    const gate = named(list, /^Gate/).run ?? '';
    expect(runScript(gate, { EXIT: '0' }).code).toBe(0);
    const slo = runScript(gate, { EXIT: '4' });
    expect(slo.code).toBe(4);
    expect(slo.stdout).toContain('::error::rollbench: the SLO failed (exit 4)');
    expect(runScript(gate, { EXIT: '6' }).code).toBe(6);
    expect(runScript(gate, { EXIT: '' }).code).toBe(1);
  });

  it('posts what exists: summary.md alone when there was no baseline', async () => {
    const { steps: list } = await steps();
    await writeFile(join(dir.path, 'summary.md'), '## rollbench: t\n');
    const summaryFile = join(dir.path, 'step-summary.md');
    const ran = runScript(named(list, /summary/).run ?? '', { OUT: dir.path, GITHUB_STEP_SUMMARY: summaryFile });
    expect(ran.code).toBe(0);
    expect(await readFile(summaryFile, 'utf8')).toBe('## rollbench: t\n');
  });
});
