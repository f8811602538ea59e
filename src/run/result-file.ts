import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../core/errors.js';
import type { LoadResult } from '../core/result.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';
import { checkResult, checkResultOrLoad } from './result-shape.js';
import { upgradeResult } from './result-upgrade.js';

/**
 * Reads a result.json `rollbench run` wrote (a run's or a capacity run's), refusing what it cannot read correctly
 * (exit 3, naming the file and the place in it).
 */
export async function readResultFile(path: string): Promise<RunResult | CapacityResult> {
  return checkResult(path, upgradeResult(await readJsonFile(path)));
}

/** Reads a result.json as `readResultFile` does, or the result `rollbench load --json` wrote. */
export async function readResultOrLoadFile(path: string): Promise<RunResult | CapacityResult | LoadResult> {
  return checkResultOrLoad(path, upgradeResult(await readJsonFile(path)));
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`${path}: cannot read the result: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${path}: not JSON: ${(err as Error).message}`);
  }
}
