// `npm run schema`: writes scenarios/scenario.schema.json (what YAML editors validate scenario files with) from
// the zod schema in src/scenario/, the single source of truth. Reads the build, so run `npm run build` first
// (the npm script does). test/scenario/json-schema.test.ts fails when the committed file is out of date.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_PATH } from '../dist/scenario/json-schema.js';

const path = fileURLToPath(new URL(`../${SCENARIO_JSON_SCHEMA_PATH}`, import.meta.url));
await writeFile(path, renderScenarioJsonSchema());
console.log(`wrote ${SCENARIO_JSON_SCHEMA_PATH}`);
