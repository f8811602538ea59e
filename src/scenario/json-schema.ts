import * as z from 'zod';
import { scenarioSchema } from './schema.js';

/** Where the generated schema is committed, relative to the repository root. */
export const SCENARIO_JSON_SCHEMA_PATH = 'scenarios/scenario.schema.json';

/**
 * The JSON Schema of scenario files as users write them (`io: 'input'`: durations as strings with a pattern,
 * percentages as strings or integers, defaults shown), for YAML editors. Draft-07, which every editor reads.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-07',
    override: ({ jsonSchema }) => {
      // z.int() bounds integers to the safe range; editors would show that bound as if it meant something.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      // zod's name for .startsWith(); not a JSON Schema format (the `pattern` next to it says the same).
      if (jsonSchema.format === 'starts_with') delete jsonSchema.format;
    },
  });
  return {
    ...schema,
    title: 'rollbench scenario',
    description: 'One rollbench experiment: target, load, disruptions, SLO.',
  };
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
