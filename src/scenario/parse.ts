import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type * as z from 'zod';
import { deprecatedFields } from './deprecations.js';
import { issueMessage } from './messages.js';
import { YamlPositions } from './positions.js';
import { byPosition, formatPath, ScenarioError, type ScenarioProblem } from './problems.js';
import type { FieldNote } from './rules.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { unknownFieldMessages } from './strict-object.js';
import { scenarioWarnings } from './warnings.js';

/** A valid scenario, and what in it is allowed but suspicious. */
export interface ParsedScenario {
  scenario: Scenario;
  warnings: ScenarioProblem[];
}

// The yaml library words some errors for programmers ("please use YAML.parseAllDocuments()"): say them in the
// terms of someone editing a scenario file.
const yamlMessages: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS:
    'a scenario file holds one YAML document, but a second one starts here (documents are separated by ---): ' +
    'put each scenario in its own file',
};

function yamlProblem(file: string, positions: YamlPositions, error: YAMLError): ScenarioProblem {
  return { file, ...positions.atOffset(error.pos[0]), path: '', message: yamlMessages[error.code] ?? error.message };
}

/** One problem per zod issue, except an unknown-fields issue: one per field, each at its key. */
function issueProblems(file: string, positions: YamlPositions, issue: z.core.$ZodIssue): ScenarioProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return unknownFieldMessages(issue).map(([key, message]) => {
      const path = [...issue.path, key];
      return { file, ...positions.of(path, { key: true }), path: formatPath(path), message };
    });
  }
  const message = issue.path.length === 0 && issue.code === 'invalid_type' ? rootMessage(issue) : issue.message;
  // A record key that is wrong itself (`"bad header":`) is reported at the key, not at its value.
  const at = positions.of(issue.path, { key: issue.code === 'invalid_key' });
  return [{ file, ...at, path: formatPath(issue.path), message }];
}

function rootMessage(issue: z.core.$ZodIssueInvalidType): string {
  return issue.message === 'required' || issue.message.endsWith('got nothing')
    ? 'the file is empty: a scenario needs at least a name and a target'
    : `a scenario is a mapping of fields (name:, target:, ...), ${issue.message.replace(/^expected a mapping, /, '')}`;
}

function noteProblem(file: string, positions: YamlPositions, note: FieldNote): ScenarioProblem {
  return { file, ...positions.of(note.path), path: formatPath(note.path), message: note.message };
}

/** The YAML's data, and where each field was written; throws on syntax errors, which leave nothing to trust. */
function parseYaml(
  text: string,
  file: string,
): { data: unknown; positions: YamlPositions; warnings: ScenarioProblem[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one line, and we place it ourselves.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const positions = new YamlPositions(doc, lineCounter);
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((error) => yamlProblem(file, positions, error)).sort(byPosition));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Aliases expanding past the count above (a "billion laughs" file) are refused rather than expanded.
    throw new ScenarioError([{ file, line: 1, column: 1, path: '', message: (err as Error).message }]);
  }
  return { data, positions, warnings: doc.warnings.map((warning) => yamlProblem(file, positions, warning)) };
}

/**
 * Parses and validates a scenario written in YAML. `file` only labels problems.
 * @throws {ScenarioError} with every problem found: YAML syntax errors alone (nothing else can be trusted
 *   then), otherwise every field that is wrong, each at its line and column.
 */
export function parseScenario(text: string, file: string): ParsedScenario {
  const { data, positions, warnings } = parseYaml(text, file);
  const result = scenarioSchema.safeParse(data, { error: issueMessage });
  if (!result.success) {
    throw new ScenarioError(
      result.error.issues.flatMap((issue) => issueProblems(file, positions, issue)).sort(byPosition),
    );
  }
  const notes = [...deprecatedFields(data), ...scenarioWarnings(result.data)].map((note) =>
    noteProblem(file, positions, note),
  );
  return { scenario: result.data, warnings: [...warnings, ...notes].sort(byPosition) };
}
