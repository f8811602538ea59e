import { resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import type { RunResult } from '../../core/run-result.js';
import { readResultFile } from '../../run/result-file.js';

/** A result.json of a disruption run (what compare reads); a capacity result is refused (exit 3). */
export async function readRunResult(cwd: string, file: string): Promise<RunResult> {
  const result = await readResultFile(resolve(cwd, file));
  if (result.kind === 'run') return result;
  throw new InvalidInputError(`${file}: is a capacity result; compare reads run results`);
}
