import type * as z from 'zod';
import { scenarioFieldsSchema } from './fields.js';
import { renameMs } from './ms-keys.js';
import { checkScenario } from './rules.js';

const isMapping = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The scenario file: the single source of truth for its TypeScript type (`Scenario`), its validation, and the
 * JSON Schema editors use (`scenario.schema.json`, generated from this).
 */
export const scenarioSchema = scenarioFieldsSchema
  .superRefine(checkScenario, { when: (payload) => isMapping(payload.value) })
  .transform((scenario) => renameMs(scenario, ['warmup', 'cooldown', 'timeout', 'sampleInterval']));

/**
 * One experiment, as parsed: defaults applied, every duration in milliseconds under a name ending in `Ms`
 * (`warmupMs`, `disruptions[i].atMs`, `target.proxy.endpointPropagationDelayMs`, `load.timeoutMs`).
 */
export type Scenario = z.output<typeof scenarioSchema>;
