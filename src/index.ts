/**
 * rollbench as a library: every command is also a call.
 *
 * ```ts
 * import { runLoad } from 'rollbench';
 * const result = await runLoad({ url: 'http://127.0.0.1:8080/', rps: 500, durationMs: 10_000 });
 * console.log(result.summary.outcomes);
 * ```
 */
export {
  type Comparison,
  compareRuns,
  compareWithBaseline,
  exitCodeWithBaseline,
  type WindowComparison,
} from './analysis/compare.js';
export { type CompareThresholds, DEFAULT_THRESHOLDS } from './analysis/compare-thresholds.js';
export { judgeLoad, type LoadVerdict } from './analysis/load-verdict.js';
export type { CapacityAnalysis, CapacityRecommendation } from './analysis/recommend/capacity.js';
export { analyseRun, type RunAnalysis } from './analysis/recommend/index.js';
export {
  type DeploymentPatch,
  type Recommendation,
  type RecommendOptions,
  recommend,
} from './analysis/recommend/recommend.js';
export { formatDurationMs, parseDurationMs } from './core/duration.js';
export {
  type CodeOf,
  ERROR_CLASSES,
  ERROR_CODES,
  type ErrorCode,
  type ErrorFamily,
  ExitCode,
  exitCodeOf,
  InternalError,
  InterruptedError,
  InvalidInputError,
  PlatformError,
  PlatformForbiddenError,
  PlatformUnreachableError,
  RestoreIncompleteError,
  RollbenchError,
  TargetError,
  UsageError,
} from './core/errors.js';
export { decodeHistogram, mergeEncoded, type OutcomeStats, outcomeStats } from './core/histogram.js';
export type { LoadModelName } from './core/load-model.js';
export { errorOutcome, isFailure, type OutcomeKey, statusOutcome } from './core/outcome.js';
export type { Bucket, BucketOutcome, LoadResult, LoadSettings, LoadSummary, StopReason } from './core/result.js';
export { RESULT_SCHEMA_VERSION } from './core/result.js';
export { capacityResultSchema, loadResultSchema, runResultSchema } from './core/result-schema.js';
export type {
  CapacityResult,
  CapacityStep,
  RestoreReport,
  RunResult,
  Slo,
  SloCheck,
  SloName,
  Verdict,
} from './core/run-result.js';
export type { TimelineEvent } from './core/timeline.js';
export type { ContainerSettings, WorkloadSettings } from './core/workload.js';
export type { EngineDeps, LoadProgress } from './load/engine.js';
export type { LoadOptions } from './load/options.js';
export { type LoadRun, runLoad, startLoad } from './load/run-load.js';
export {
  type AccessAction,
  type AccessCheck,
  type AccessNeed,
  accessNeeds,
  checkAccess,
} from './platform/kubernetes/access.js';
export {
  type DoctorFinding,
  type DoctorOptions,
  type DoctorReport,
  doctorExitCode,
  runDoctor,
} from './platform/kubernetes/doctor.js';
export { formatDoctorReport } from './platform/kubernetes/doctor-format.js';
export {
  type DrainDecision,
  type DrainFilterOptions,
  type DrainPodStatus,
  drainPodStatus,
  summarizeDrainDecisions,
} from './platform/kubernetes/drain-filters.js';
export {
  type KubeconfigOptions,
  type LoadedKubeconfig,
  loadKubeconfig,
} from './platform/kubernetes/kubeconfig.js';
export { selectorMatches } from './platform/kubernetes/label-selector.js';
export { cpuMillicoresOf, memoryBytesOf, quantityNanos } from './platform/kubernetes/quantity.js';
export { deploymentRolloutStatus, type RolloutStatus } from './platform/kubernetes/rollout-status.js';
export { type ContainerSummary, summarizeTarget, type TargetSummary } from './platform/kubernetes/target-summary.js';
export { type SampleApp, type SampleAppOptions, startSampleApp } from './platform/local/sample-app.js';
export type {
  ActionReport,
  Platform,
  PlatformAction,
  PlatformCapabilities,
  RolloutChange,
} from './platform/types.js';
export { renderLoadSummary } from './report/console.js';
export { startCapacityRun } from './run/capacity.js';
export { startRun } from './run/execute.js';
export {
  checkRestored,
  failureHint,
  loadExitCode,
  outcomeExitCode,
  runFailure,
  verdictExitCode,
} from './run/exit-code.js';
export { loadRunSpec, toRunSpec } from './run/from-scenario.js';
export { type InterruptSource, processInterrupts, type Stoppable, superviseInterrupts } from './run/interrupts.js';
export { formatPlan, planRun } from './run/plan.js';
export { writeCompareReports, writeReports } from './run/report-files.js';
export { readResultFile, readResultOrLoadFile } from './run/result-file.js';
export type { RunHandle, RunOutcome } from './run/session.js';
export {
  type DecidingRun,
  decidingRun,
  type RunOnce,
  runVerified,
  type VerifiedRun,
  type VerifiedRunOptions,
  verifiedExitCode,
} from './run/verified-run.js';
export {
  type VerifyOptions,
  type VerifyOutcome,
  type VerifyRecord,
  verifyRecommendation,
} from './run/verify.js';
export {
  formatProblem,
  loadScenarioFile,
  parseScenario,
  type Scenario,
  ScenarioError,
  type ScenarioProblem,
  validateFiles,
} from './scenario/index.js';
