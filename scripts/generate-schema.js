// `npm run schema`: writes the generated JSON Schemas from their zod sources — scenarios/scenario.schema.json (what
// YAML editors validate scenario files with, from src/scenario/) and schemas/result.schema.json (what result.json
// holds, from src/core/result-schema.ts). Reads the build, so run `npm run build` first (the npm script does).
// test/scenario/json-schema.test.ts and test/core/result-schema.test.ts fail when a committed file is out of date.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_JSON_SCHEMA_PATH, renderResultJsonSchema } from '../dist/core/result-schema.js';
import { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_PATH } from '../dist/scenario/json-schema.js';

for (const [relative, render] of [
  [SCENARIO_JSON_SCHEMA_PATH, renderScenarioJsonSchema],
  [RESULT_JSON_SCHEMA_PATH, renderResultJsonSchema],
]) {
  const path = fileURLToPath(new URL(`../${relative}`, import.meta.url));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, render());
  console.log(`wrote ${relative}`);
}
