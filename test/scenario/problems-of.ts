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
