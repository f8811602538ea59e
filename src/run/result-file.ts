import { readFile } from 'node:fs/promises';
import { RollbenchError } from '../core/errors.js';
import { RESULT_SCHEMA_VERSION } from '../core/result.js';
import type { RunResult } from '../core/run-result.js';

/** Reads a `rollbench run` result.json, refusing what it cannot read correctly (exit 3, naming the file). */
export async function readRunResult(path: string): Promise<RunResult> {
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
  let data: Partial<RunResult>;
  try {
    data = JSON.parse(text) as Partial<RunResult>;
  } catch (err) {
    throw new RollbenchError('INVALID_INPUT', `${path}: not JSON: ${(err as Error).message}`, { exit: 'invalidInput' });
  }
  if (data.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new RollbenchError(
      'INVALID_INPUT',
      `${path}: schemaVersion ${String(data.schemaVersion)} is not one this rollbench reads (${RESULT_SCHEMA_VERSION})`,
      { exit: 'invalidInput', hint: 'analyse it with the rollbench version that wrote it' },
    );
  }
  if (data.kind !== 'run' || !Array.isArray(data.timeline) || !Array.isArray(data.buckets)) {
    throw new RollbenchError('INVALID_INPUT', `${path}: not the result of \`rollbench run\` (no timeline)`, {
      exit: 'invalidInput',
      hint: '`rollbench load --json` results have no platform events to analyse',
    });
  }
  return data as RunResult;
}
