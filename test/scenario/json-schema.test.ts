import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchema } from '../../src/scenario/index.js';

const scenarios = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const committedPath = fileURLToPath(new URL(`../../${SCENARIO_JSON_SCHEMA_PATH}`, import.meta.url));

describe('scenarios/scenario.schema.json', () => {
  it('is what the zod schema generates (otherwise: run npm run schema)', async () => {
    const committed = await readFile(committedPath, 'utf8');
    if (committed !== renderScenarioJsonSchema()) {
      expect.fail(`${SCENARIO_JSON_SCHEMA_PATH} is out of date with src/scenario/: run npm run schema`);
    }
  });

  it('describes what users write: durations as strings with a pattern, percentages as strings or integers', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.warmup).toMatchObject({ type: 'string', default: '5s', pattern: expect.any(String) });
    const text = JSON.stringify(schema);
    expect(text).toMatch(/"maxSurge":\{[^}]*"default":"25%"/);
    expect(text).toContain('"pattern":"^(\\\\d+)%$"');
    expect(text).not.toContain('warmupMs');
    expect(text).not.toContain('9007199254740991');
  });

  it('is referenced by every shipped scenario', async () => {
    for (const name of (await readdir(scenarios)).filter((file) => file.endsWith('.yaml'))) {
      const text = await readFile(join(scenarios, name), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    }
  });
});
