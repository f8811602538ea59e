import { readFile } from 'node:fs/promises';
import { scenarioText } from './file-text.js';
import { type ParsedScenario, parseScenario } from './parse.js';
import { ScenarioError, type ScenarioProblem } from './problems.js';

const readErrors: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a scenario file',
  EACCES: 'permission denied',
};

/**
 * Reads and validates a scenario file (the only IO of this module).
 * @throws {ScenarioError} listing every problem, or one whole-file problem (line 0) when it cannot be read, or
 *   one at the first byte that shows it is not a text file.
 */
export async function loadScenarioFile(path: string): Promise<ParsedScenario> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reason = readErrors[code] ?? (err as Error).message;
    throw new ScenarioError([
      { file: path, line: 0, column: 0, path: '', message: `cannot read the scenario: ${reason}` },
    ]);
  }
  const decoded = scenarioText(bytes);
  if (!('text' in decoded))
    throw new ScenarioError([{ file: path, ...decoded.at, path: '', message: decoded.message }]);
  return parseScenario(decoded.text, path);
}

/** What `rollbench validate` reports for one file: no problems means it can be run. */
export interface FileValidation {
  file: string;
  problems: ScenarioProblem[];
  warnings: ScenarioProblem[];
}

/** Validates each file independently (one broken file does not hide the others' problems), in the given order. */
export async function validateFiles(paths: string[]): Promise<FileValidation[]> {
  return Promise.all(
    paths.map(async (file) => {
      try {
        const { warnings } = await loadScenarioFile(file);
        return { file, problems: [], warnings };
      } catch (err) {
        if (err instanceof ScenarioError) return { file, problems: err.problems, warnings: [] };
        throw err;
      }
    }),
  );
}
