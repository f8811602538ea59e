import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import {
  decidingRun,
  RestoreIncompleteError,
  type RunOnce,
  runVerified,
  type VerifiedRun,
  verifiedExitCode,
} from '../../src/index.js';
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
    expect(verified).toEqual({
      first: { exitCode: 130, result: recorded },
      outDir,
      verifyDir: `${outDir}-verify`,
    });
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

// The exit code of `run --verify`, decided by the library as the CLI ends with it: which run counts, 130 when
// interrupted between the runs, and everything left changed on the way turning a pass into exit 7.
describe('verifiedExitCode', () => {
  const run = (exitCode: number, leftChanged: string[] = []): RunOnce => ({
    exitCode,
    result: { ...recorded, ...(leftChanged.length > 0 ? { restored: { restored: [], leftChanged } } : {}) },
  });
  const verified = (first: RunOnce, verify?: VerifiedRun<RunOnce>['verify']): VerifiedRun<RunOnce> => ({
    first,
    outDir: 'out',
    verifyDir: 'out-verify',
    ...(verify === undefined ? {} : { verify }),
  });
  const applied = (rerun: RunOnce | undefined, leftByVerify: string[] = []) => ({
    ...(rerun === undefined ? {} : { rerun }),
    record: {
      target: 'deployment default/web',
      applied: { preStopSeconds: 5, terminationGracePeriodSeconds: 40 },
      kept: false,
      restored: { restored: [], leftChanged: leftByVerify },
    },
    interrupted: rerun === undefined,
  });

  it('a first run that could not be judged, or with nothing to verify: its own code counts', () => {
    expect(verifiedExitCode(verified(run(5)))).toBe(5);
    expect(verifiedExitCode(verified(run(0), { skipped: 'the run passed', interrupted: false }))).toBe(0);
    expect(decidingRun(verified(run(4), { skipped: 'no pod was terminated', interrupted: false }))).toMatchObject({
      outDir: 'out',
    });
  });

  it('after a second run: the second run counts, not the first', () => {
    expect(verifiedExitCode(verified(run(4), applied(run(0))))).toBe(0);
    expect(verifiedExitCode(verified(run(4), applied(run(4))))).toBe(4);
    expect(decidingRun(verified(run(4), applied(run(0))))).toMatchObject({ outDir: 'out-verify' });
  });

  it('interrupted while the change rolled out, before a second run: 130', () => {
    expect(decidingRun(verified(run(4), applied(undefined)))).toBeUndefined();
    expect(verifiedExitCode(verified(run(4), applied(undefined, ['replicas of web'])))).toBe(130);
  });

  it('a second run that passed, with anything left changed by either run or by the change: exit 7, naming all', () => {
    const left = verified(run(4, ['node a cordoned']), applied(run(0, ['replicas of web']), ['preStop of web']));
    expect(() => verifiedExitCode(left)).toThrow(RestoreIncompleteError);
    expect(() => verifiedExitCode(left)).toThrow(/3 changes could not be put back/);
    expect(decidingRun(left)?.leftChanged).toEqual(['node a cordoned', 'preStop of web', 'replicas of web']);
    expect(verifiedExitCode(verified(run(4, ['node a cordoned']), applied(run(4))))).toBe(4);
  });

  it("the caller's judgement of the deciding run (against a baseline) replaces its code", () => {
    expect(verifiedExitCode(verified(run(4), applied(run(0))), 6)).toBe(6);
    expect(() => verifiedExitCode(verified(run(0, ['node a cordoned'])), 0)).toThrow(RestoreIncompleteError);
  });
});
