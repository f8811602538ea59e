import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { type LoadResult, RESULT_SCHEMA_VERSION } from '../../src/core/result.js';
import {
  type capacityResultSchema,
  type loadResultSchema,
  RESULT_JSON_SCHEMA_PATH,
  renderResultJsonSchema,
  resultFileSchema,
  type runResultSchema,
} from '../../src/core/result-schema.js';
import type { CapacityResult, RunResult } from '../../src/core/run-result.js';
import { capacityResult, loadResult, prestopResult, rolloutResult } from '../report/fixtures.js';

describe('the result schemas', () => {
  it('describe exactly the TypeScript types (this file does not compile otherwise)', () => {
    expectTypeOf<z.output<typeof loadResultSchema>>().toEqualTypeOf<LoadResult>();
    expectTypeOf<z.output<typeof runResultSchema>>().toEqualTypeOf<RunResult>();
    expectTypeOf<z.output<typeof capacityResultSchema>>().toEqualTypeOf<CapacityResult>();
  });

  it('accept the real results committed as fixtures', async () => {
    for (const result of [await rolloutResult(), await prestopResult(), await capacityResult(), await loadResult()]) {
      const parsed = resultFileSchema.safeParse(result);
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });
});

describe('schemas/result.schema.json', () => {
  it('is what the zod schemas generate (otherwise: run npm run schema)', async () => {
    const committed = await readFile(
      fileURLToPath(new URL(`../../${RESULT_JSON_SCHEMA_PATH}`, import.meta.url)),
      'utf8',
    );
    if (committed !== renderResultJsonSchema()) {
      expect.fail(`${RESULT_JSON_SCHEMA_PATH} is out of date with src/core/result-schema.ts: run npm run schema`);
    }
  });

  it('names the kinds of result, documents schemaVersion and keeps objects open to later fields', () => {
    const schema = JSON.parse(renderResultJsonSchema()) as {
      anyOf: unknown[];
      definitions: Record<string, { properties: Record<string, { description?: string }> }>;
    };
    expect(schema.anyOf).toEqual([
      { $ref: '#/definitions/RunResult' },
      { $ref: '#/definitions/CapacityResult' },
      { $ref: '#/definitions/LoadResult' },
    ]);
    expect(schema.definitions.RunResult?.properties.schemaVersion?.description).toContain(`(${RESULT_SCHEMA_VERSION})`);
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
  });
});
