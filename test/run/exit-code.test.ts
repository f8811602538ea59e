import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import {
  checkRestored,
  ExitCode,
  InternalError,
  loadExitCode,
  outcomeExitCode,
  PlatformUnreachableError,
  RestoreIncompleteError,
  runFailure,
  TargetError,
  verdictExitCode,
} from '../../src/index.js';
import type { RunOutcome } from '../../src/run/session.js';

// The exit code a run ends with, decided in the library (the CLI only passes it on): what a failure is decides
// its exit code, and a pass that left something changed is not a pass.

const recorded = JSON.parse(
  readFileSync(new URL('../analysis/fixtures/local-rollout.result.json', import.meta.url), 'utf8'),
) as RunResult;
const passed: RunResult = { ...recorded, verdict: { ...recorded.verdict, passed: true } };
const local = { target: { platform: 'local' } } as const;

function outcome(result: RunResult, ended: Partial<RunOutcome> = {}): RunOutcome {
  return { result, outDir: '/out', resultFile: '/out/result.json', error: undefined, interrupted: false, ...ended };
}

describe('how a run ended, as an exit code', () => {
  it('0 when the SLO held over a complete run, 4 when it failed or the run did not complete', () => {
    expect(outcomeExitCode(outcome(passed), local)).toBe(ExitCode.ok);
    expect(outcomeExitCode(outcome(recorded), local)).toBe(ExitCode.sloFailed);
    expect(verdictExitCode({ ...passed, incomplete: 'the run timeout of 1m was reached during steady' })).toBe(4);
  });

  it('130 when interrupted, whatever the verdict', () => {
    expect(outcomeExitCode(outcome(passed, { interrupted: true }), local)).toBe(ExitCode.interrupted);
  });

  it('a platform or target failure keeps its class and exit code', () => {
    const gone = new PlatformUnreachableError('deployment default/web: the API server did not answer');
    expect(() => outcomeExitCode(outcome(recorded, { error: gone }), local)).toThrow(gone);
    expect(runFailure(gone, 'look there')).toBe(gone);
    const crash = new TargetError('revision 2 cannot start', { code: 'CRASH_LOOP' });
    expect(runFailure(crash, 'look there').exitCode).toBe(5);
  });

  it('any other failure is internal (exit 1), not "platform unreachable": its message kept, and where to look', () => {
    let thrown: unknown;
    try {
      outcomeExitCode(
        outcome(recorded, { error: new TypeError("Cannot read properties of undefined (reading 'x')") }),
        local,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InternalError);
    expect(thrown).toMatchObject({
      code: 'RUN_FAILED',
      exitCode: ExitCode.internal,
      message: "the run failed: Cannot read properties of undefined (reading 'x')",
      hint: 'see the pod logs in /out/logs',
    });
    expect(runFailure('a string', 'hint').message).toBe('the run failed: a string');
  });

  it('a pass that left something changed is RESTORE_INCOMPLETE (exit 7); any other exit code stands', () => {
    const left = ['node node-1 not uncordoned (kubectl uncordon node-1): no answer before the timeout'];
    let thrown: unknown;
    try {
      checkRestored(ExitCode.ok, left);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RestoreIncompleteError);
    expect(thrown).toMatchObject({
      code: 'RESTORE_INCOMPLETE',
      exitCode: 7,
      message: `the run passed, but one change could not be put back (left changed: ${left[0]})`,
      hint: expect.stringContaining('left changed'),
    });
    expect(() => checkRestored(ExitCode.ok, [...left, 'replicas of default/web not restored to 3'])).toThrow(
      /but 2 changes could not be put back/,
    );
    expect(checkRestored(ExitCode.ok, [])).toBe(0);
    expect(checkRestored(ExitCode.sloFailed, left)).toBe(4);
    expect(checkRestored(ExitCode.regression, left)).toBe(6);
    expect(checkRestored(ExitCode.interrupted, left)).toBe(130);
  });

  it('rollbench load: 130 when interrupted, else 0 or 4 from the thresholds', () => {
    const { verdict } = recorded;
    expect(loadExitCode({ ...verdict, passed: true }, false)).toBe(0);
    expect(loadExitCode({ ...verdict, passed: false }, false)).toBe(4);
    expect(loadExitCode({ ...verdict, passed: true }, true)).toBe(130);
  });
});
