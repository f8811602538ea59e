import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CLASSES,
  ERROR_CODES,
  type ErrorCode,
  ExitCode,
  InternalError,
  InterruptedError,
  InvalidInputError,
  PlatformError,
  PlatformForbiddenError,
  PlatformUnreachableError,
  RestoreIncompleteError,
  RollbenchError,
  ScenarioError,
  TargetError,
  UsageError,
} from '../../src/index.js';
import { sourceFiles } from '../architecture/source-files.js';

// Every error code, its class and its exit code: the stable list scripts and library users rely on, and the
// source of README's "Exit codes" table. Changing a row here is changing a documented interface.
const CODES: [ErrorCode, abstract new (...args: never[]) => RollbenchError, number][] = [
  ['USAGE', UsageError, 2],
  ['VERIFY_UNSUPPORTED', UsageError, 2],
  ['INVALID_SCENARIO', ScenarioError, 3],
  ['INVALID_INPUT', InvalidInputError, 3],
  ['KUBECONFIG', InvalidInputError, 3],
  ['NO_SUCH_POD', InvalidInputError, 3],
  ['KUBERNETES_API_ERROR', PlatformError, 5],
  ['KUBERNETES_NOT_FOUND', PlatformError, 5],
  ['ACTION_REFUSED', PlatformError, 5],
  ['VERIFY_APPLY_FAILED', PlatformError, 5],
  ['KUBERNETES_UNREACHABLE', PlatformUnreachableError, 5],
  ['CLUSTER_NOT_STARTED', PlatformUnreachableError, 5],
  ['KUBERNETES_UNAUTHORIZED', PlatformForbiddenError, 5],
  ['KUBERNETES_FORBIDDEN', PlatformForbiddenError, 5],
  ['REPLICAS_NOT_READY', TargetError, 5],
  ['CRASH_LOOP', TargetError, 5],
  ['PROGRESS_DEADLINE_EXCEEDED', TargetError, 5],
  ['RESTORE_INCOMPLETE', RestoreIncompleteError, 7],
  ['INTERRUPTED', InterruptedError, 130],
  ['RUN_FAILED', InternalError, 1],
];

/** What each exit code means, as the README says it. */
const EXITS: [number, string][] = [
  [0, 'pass (the command did what it was asked)'],
  [1, 'internal error: a bug or an unexpected failure inside rollbench'],
  [2, 'usage: a bad option or value (the message names it)'],
  [3, 'invalid scenario or input'],
  [4, 'SLO / zero-downtime check failed'],
  [
    5,
    'the platform or the target failed: unreachable, forbidden, an API error or a refused action, or the target cannot start',
  ],
  [6, 'regression against a baseline'],
  [7, 'the run passed, but left changed what it could not put back (a node cordoned)'],
  [130, 'interrupted (SIGINT, SIGTERM or SIGHUP; what was measured is still written)'],
];

const classOf = (code: ErrorCode) => ERROR_CLASSES[ERROR_CODES[code].family];

/** An error with `code` as rollbench makes one: a scenario's problems as a ScenarioError, else its family's class. */
function made(code: ErrorCode): RollbenchError {
  if (code === 'INVALID_SCENARIO')
    return new ScenarioError([{ file: 'a.yaml', line: 0, column: 0, path: '', message: 'message' }]);
  const type = classOf(code) as unknown as new (message: string, options: { code: ErrorCode }) => RollbenchError;
  return new type('message', { code });
}

/** The README's tables, as this list renders them. */
function tables(): string {
  const exits = EXITS.map(([exit, meaning]) => `| ${exit} | ${meaning} |`);
  const codes = CODES.map(
    ([code, type, exit]) => `| \`${code}\` | \`${type.name}\` | ${exit} | ${ERROR_CODES[code].meaning} |`,
  );
  return [
    '| exit | meaning |',
    '|---|---|',
    ...exits,
    '',
    '| code | class | exit | meaning |',
    '|---|---|---|---|',
    ...codes,
  ].join('\n');
}

/** A Markdown table as written by hand, whatever padding the formatter gave its cells. */
function unpadded(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => (/^\s*-+\s*$/.test(cell) ? '---' : cell.trim() === '' ? '' : ` ${cell.trim()} `))
            .join('|')
        : line,
    )
    .join('\n');
}

describe('error codes', () => {
  it('the list holds every code once, and no other', () => {
    expect(CODES.map(([code]) => code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  const rows = CODES.map(([code, type, exit]) => ({ code, type, exit, name: type.name }));
  it.each(rows)('$code: made by $name, a RollbenchError, exit $exit', ({ code, type, exit }) => {
    const error = made(code);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(classOf(code));
    expect(error).toBeInstanceOf(RollbenchError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code, exitCode: exit, name: type.name });
    expect(error.message).toMatch(/message$/);
  });

  it('INVALID_SCENARIO is only ever a ScenarioError (with every problem), the class the table names', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const makers = [...sourceFiles(src)]
      .filter((file) => readFileSync(file, 'utf8').includes("code: 'INVALID_SCENARIO'"))
      .map((file) => relative(src, file));
    expect(makers).toEqual(['scenario/problems.ts']);
  });

  it('every exit code is in the list of meanings, and the list has no other', () => {
    expect(EXITS.map(([exit]) => exit)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('a class alone gives its usual code, exit code and default hint; a hint given replaces it', () => {
    expect(new PlatformUnreachableError('gone')).toMatchObject({
      code: 'KUBERNETES_UNREACHABLE',
      exitCode: 5,
      hint: expect.stringContaining('rollbench doctor'),
    });
    expect(new PlatformForbiddenError('no')).toMatchObject({ code: 'KUBERNETES_FORBIDDEN', exitCode: 5 });
    expect(new PlatformForbiddenError('no')).toBeInstanceOf(PlatformError);
    expect(new TargetError('down', { code: 'CRASH_LOOP', hint: 'read its logs' })).toMatchObject({
      exitCode: 5,
      hint: 'read its logs',
    });
    // What a run that failed on a cluster said before the families existed: doctor, with the same flags.
    expect(new PlatformError('deployment "web" not found').hint).toBe(
      'check the cluster, your permissions and the deployment with `rollbench doctor` (same --kubeconfig, --context, -n)',
    );
    expect(new UsageError('bad').hint).toBeUndefined();
    expect(new RestoreIncompleteError('left').exitCode).toBe(ExitCode.leftChanged);
  });

  it("README's Exit codes section holds the tables this list makes", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Exit codes\n'),
      readme.indexOf('\n## ', readme.indexOf('\n## Exit codes\n') + 1),
    );
    expect(unpadded(section)).toContain(tables());
  });
});
