import { InvalidInputError } from '../core/errors.js';

/** One thing wrong (or, as a warning, suspicious) in a scenario file. */
export interface ScenarioProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (it could not be read). */
  line: number;
  /** 1-based; 0 with line 0. */
  column: number;
  /** The field, as `target.strategy.rollingUpdate.maxSurge` or `disruptions[1].at`; '' for the whole file. */
  path: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['disruptions', 1, 'at']` → `disruptions[1].at`; keys that are not identifiers are quoted: `headers["a.b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** `file:line:col field.path: message`, the way compilers print problems (editors and CI make them links). */
export function formatProblem(problem: ScenarioProblem): string {
  const place = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path === '' ? `${place}: ${problem.message}` : `${place} ${problem.path}: ${problem.message}`;
}

/** Orders problems as they appear in their files. */
export function byPosition(a: ScenarioProblem, b: ScenarioProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * A scenario file that cannot be run, with every problem found in it (exit 3, code `INVALID_SCENARIO`). The
 * message is the first problem and the details are the others, so `run` and `plan` print them all.
 */
export class ScenarioError extends InvalidInputError {
  readonly problems: ScenarioProblem[];

  constructor(problems: ScenarioProblem[]) {
    const [first, ...others] = problems;
    super(first === undefined ? 'invalid scenario' : formatProblem(first), {
      code: 'INVALID_SCENARIO',
      details: others.map(formatProblem),
    });
    this.problems = problems;
  }
}
