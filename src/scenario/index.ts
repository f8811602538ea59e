/**
 * Scenario files: the schema (single source of truth for the type, the validation and the JSON Schema), loading
 * with every problem placed at its line, and the rules between fields.
 */
export type { AppTarget, CommandTarget, SampleAppTarget } from './app.js';
export { PORT_PLACEHOLDER } from './app.js';
export { type ActionName, disruptionSchema, disruptionSchemas, RANDOM_POD } from './disruptions.js';
export { DURATION_PATTERN } from './durations.js';
export { type FileValidation, loadScenarioFile, validateFiles } from './files.js';
export { renderScenarioJsonSchema, SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchema } from './json-schema.js';
export { DEFAULT_RATE, type LoadDestination, type LoadModel, type LoadSpec } from './load.js';
export { type ParsedScenario, parseScenario } from './parse.js';
export { LOCAL_DEPLOYMENT_NAME } from './pod-names.js';
export { formatProblem, ScenarioError, type ScenarioProblem } from './problems.js';
export {
  type IntOrPercent,
  type ResolvedRollingUpdate,
  type RollingUpdate,
  resolveRollingUpdate,
  rollingUpdateDefaults,
} from './rolling-update.js';
export { type Scenario, scenarioSchema } from './schema.js';
export type { KubernetesTarget } from './target.js';
