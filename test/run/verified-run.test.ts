import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { runVerified } from '../../src/index.js';
import type { RunSpec } from '../../src/run/spec.js';
import { tempDir } from '../support/temp-dir.js';

// `run --verify` as a library call: the second run's folder is cleared before the first run, and what the first
// run ended with decides whether there is anything to verify (the cases that touch no platform; the rest:
// verify.test.ts and e2e/k8s-verify.test.ts through the CLI).

const recorded = JSON.parse(
  readFileSync(new URL('../analysis/fixtures/local-rollout.result.json', import.meta.url), 'utf8'),
) as RunResult;
const spec = { name: 'web', target: { platform: 'local' } } as unknown as RunSpec;

describe('runVerified', () => {
  const dir = tempDir('rollbench-verified-');

  async function staleVerifyResult(outDir: string): Promise<string> {
    const stale = join(`${outDir}-verify`, 'result.json');
    await mkdir(`${outDir}-verify`, { recursive: true });
    await writeFile(stale, '{}');
    return stale;
  }

  it('a first run interrupted: no verify, and no second result from before left to be taken for this one', async () => {
    const outDir = join(dir.path, 'interrupted');
    const stale = await staleVerifyResult(outDir);
    const runs: string[] = [];
    const verified = await runVerified(spec, {
      outDir,
      run: async (_spec, into) => {
        runs.push(into);
        return { exitCode: 130, result: recorded };
      },
    });
    expect(runs).toEqual([outDir]);
    expect(verified).toEqual({ first: { exitCode: 130, result: recorded }, verifyDir: `${outDir}-verify` });
    expect(existsSync(stale)).toBe(false);
  });

  it('a first run that passed: nothing to fix, nothing changed, no second run', async () => {
    const outDir = join(dir.path, 'passed');
    const first = { exitCode: 0, result: { ...recorded, verdict: { ...recorded.verdict, passed: true } } };
    const runs: string[] = [];
    const verified = await runVerified(spec, {
      outDir,
      run: async (_spec, into) => {
        runs.push(into);
        return first;
      },
    });
    expect(runs).toEqual([outDir]);
    expect(verified.verify).toEqual({
      skipped: 'the run passed: there is nothing to fix, so nothing was changed',
      interrupted: false,
    });
  });
});
