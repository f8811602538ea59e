import { readFile } from 'node:fs/promises';
import { RollbenchError } from '../core/errors.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';
import { checkResult } from './result-shape.js';

/**
 * Reads a result.json `rollbench run` wrote (a run's or a capacity run's), refusing what it cannot read correctly
 * (exit 3, naming the file and the place in it).
 */
export async function readResultFile(path: string): Promise<RunResult | CapacityResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new RollbenchError(
      'INVALID_INPUT',
      `${path}: cannot read the result: ${(err as NodeJS.ErrnoException).code ?? err}`,
      {
        exit: 'invalidInput',
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RollbenchError('INVALID_INPUT', `${path}: not JSON: ${(err as Error).message}`, { exit: 'invalidInput' });
  }
  return checkResult(path, data);
}
