import { formatProblem, parseScenario, ScenarioError } from '../../src/scenario/index.js';

/** Every problem parseScenario reports for `text` (as file `broken.yaml`), formatted; fails if there is none. */
export function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'broken.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

/** A file's text, one argument per line, so that expected line numbers can be read off the test. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The five lines every valid scenario needs; tests append the field under test from line 6 on. */
export const minimal = ['name: t', 'target:', '  platform: local', '  app:', '    sampleApp: {}'];
