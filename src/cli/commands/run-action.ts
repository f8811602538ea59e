import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareWithBaseline, exitCodeWithBaseline } from '../../analysis/compare.js';
import { comparisonColumn } from '../../analysis/comparison.js';
import { analyseRun } from '../../analysis/recommend/index.js';
import { ExitCode, InterruptedError, MESSAGE_PREFIX, usageError, warningLine } from '../../core/errors.js';
import type { RestoreReport, RunResult } from '../../core/run-result.js';
import { describeTarget } from '../../platform/index.js';
import { renderAnalysis } from '../../report/analysis-console.js';
import { renderCapacity } from '../../report/capacity-console.js';
import { renderCompare } from '../../report/compare-console.js';
import { runLabel } from '../../report/compare-document.js';
import { renderComparison } from '../../report/comparison-console.js';
import { renderRunSummary } from '../../report/run-console.js';
import { renderVerdict } from '../../report/verdict-console.js';
import { startCapacityRun } from '../../run/capacity.js';
import { startRun } from '../../run/execute.js';
import { checkRestored, outcomeExitCode } from '../../run/exit-code.js';
import { type ClusterOptions, loadRunSpec } from '../../run/from-scenario.js';
import { superviseInterrupts } from '../../run/interrupts.js';
import type { RunHooks } from '../../run/lifecycle.js';
import { writeCompareReports } from '../../run/report-files.js';
import type { RunHandle, RunOutcome } from '../../run/session.js';
import type { RunSpec } from '../../run/spec.js';
import { decidingRun, type RunOnce as OneRun, runVerified, verifiedExitCode } from '../../run/verified-run.js';
import type { CliIo } from '../io.js';
import { ProgressLine, type ProgressState } from '../progress.js';
import { readRunResult } from './read-run-result.js';
import type { RunFlags } from './run-flags.js';
import { writeRunReports } from './run-reports.js';

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
}

function clusterOptions({ kubeconfig, context, namespace, url }: RunFlags): ClusterOptions {
  return {
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(url === undefined ? {} : { url }),
  };
}

/** What the platform runs without, said on stderr (once per cause: the platform keeps count). */
function hooksFor(io: CliIo): RunHooks {
  return { onWarning: (message) => io.stderr.write(warningLine(message)) };
}

export async function runCommand(file: string, flags: RunFlags, io: CliIo): Promise<number> {
  // Before anything starts: a Ctrl-C now has nothing to stop, but must not end rollbench silently, and a
  // previous result in --out must not survive a scenario that turns out invalid (CI would read it as this run's).
  let interruptedEarly = false;
  const unsubscribeEarly = io.onInterrupt(() => {
    interruptedEarly = true;
  });
  let spec: RunSpec;
  let baseline: RunResult | undefined;
  try {
    if (flags.out !== undefined) await rm(join(resolve(io.cwd, flags.out), 'result.json'), { force: true });
    if (flags.keep && !flags.verify) throw usageError('--keep keeps what --verify applies: give --verify too');
    spec = await loadRunSpec(file, io, clusterOptions(flags));
    // Read before anything starts: a baseline that cannot be compared with must not cost a whole run.
    if (flags.baseline !== undefined) baseline = await readRunResult(io.cwd, flags.baseline);
  } finally {
    unsubscribeEarly();
  }
  if (interruptedEarly) {
    throw new InterruptedError('interrupted before the run started: nothing was started and no result was written');
  }
  const outDir = resolve(io.cwd, flags.out ?? join('reports', `${spec.name}-${timestamp()}`));
  if (spec.capacity) {
    if (baseline) throw usageError('--baseline compares disruption runs; this scenario is a capacity run');
    return runCapacity(spec, outDir, flags, io);
  }
  // A run's leftovers: a pass with any of them is not a pass (exit 7).
  const judged = async (run: OneRun, dir: string): Promise<number> =>
    baseline ? await judgeAgainstBaseline(baseline, run, dir, flags, io) : run.exitCode;
  if (!flags.verify) {
    const run = await runOnce(spec, outDir, flags, io);
    return checkRestored(await judged(run, outDir), run.result.restored?.leftChanged ?? []);
  }
  // Before the first --verify line, a blank one: it follows the first run's report.
  let said = false;
  const say = (message: string) => {
    io.stderr.write(`${said ? '' : '\n'}${message}\n`);
    said = true;
  };
  const verified = await runVerified(spec, {
    outDir,
    keep: flags.keep === true,
    interrupts: io.onInterrupt,
    hooks: {
      ...hooksFor(io),
      onStep: (message) => say(`--verify: ${message}`),
      onStopping: () => say('Stopping: what --verify changed is put back (Ctrl-C again not to wait for it)...'),
    },
    run: (again, dir) => runOnce(again, dir, flags, io),
  });
  if (verified.verify?.skipped !== undefined) say(`--verify: ${verified.verify.skipped}.`);
  const deciding = decidingRun(verified);
  if (deciding === undefined) return verifiedExitCode(verified);
  if (deciding.run !== verified.first) {
    io.stdout.write(renderComparison(comparisonColumn(verified.first.result), comparisonColumn(deciding.run.result)));
  }
  return verifiedExitCode(verified, await judged(deciding.run, deciding.outDir));
}

/**
 * `--baseline`: the run compared with the baseline as `rollbench compare` does, printed, and written as the
 * compare reports --report asks for; exit 6 when a run that passed regressed (an SLO failure stays 4). A run
 * interrupted or failed is not compared.
 */
async function judgeAgainstBaseline(
  baseline: RunResult,
  run: OneRun,
  outDir: string,
  flags: RunFlags,
  io: CliIo,
): Promise<number> {
  if (run.exitCode !== ExitCode.ok && run.exitCode !== ExitCode.sloFailed) return run.exitCode;
  const comparison = compareWithBaseline(baseline, run.result);
  const doc = {
    comparison,
    baseline: runLabel(flags.baseline ?? '', baseline),
    candidate: runLabel(join(outDir, 'result.json'), run.result),
  };
  const formats = (flags.report ?? ['html']).filter((format) => format === 'html' || format === 'md');
  const paths = await writeCompareReports(doc, formats, outDir);
  io.stdout.write(`\nAgainst the baseline ${flags.baseline}:\n${renderCompare(comparison)}`);
  if (paths.length > 0) io.stderr.write(`Comparison written to ${paths.join(', ')}\n`);
  return exitCodeWithBaseline(run.exitCode, comparison);
}

/**
 * Shows where the run is while it goes on, turns Ctrl-C into a graceful stop (twice: abort), and hands back how
 * it ended (the run has already written what it measured and stopped every process).
 */
async function supervise<R>(
  run: RunHandle<R>,
  progressOf: () => ProgressState,
  spec: RunSpec,
  outDir: string,
  flags: RunFlags,
  io: CliIo,
): Promise<RunOutcome<R>> {
  const progress = new ProgressLine(io.stderr, progressOf);
  if (!flags.quiet) {
    io.stderr.write(`Starting ${describeTarget(spec.target)}; output in ${outDir}\n`);
    progress.start();
  }
  return superviseInterrupts(io.onInterrupt, run, (count) => {
    progress.stop();
    if (count > 1) return;
    const then = spec.target.platform === 'local' ? 'every replica is stopped' : 'what the run changed is restored';
    io.stderr.write(`Stopping: load stops gracefully, then ${then} (Ctrl-C again to abort)...\n`);
  }).finally(() => progress.stop());
}

async function runOnce(spec: RunSpec, outDir: string, flags: RunFlags, io: CliIo): Promise<OneRun> {
  const run = startRun(spec, outDir, hooksFor(io));
  // The load runs until the run ends (its duration is only the run timeout), so show elapsed time alone.
  const progressOf = (): ProgressState => {
    const load = run.progress();
    return { label: run.status(), ...(load ? { load: { ...load, durationMs: 0 } } : {}) };
  };
  const outcome = await supervise(run, progressOf, spec, outDir, flags, io);
  const { result } = outcome;
  if (!flags.quiet) {
    const analysis = analyseRun(result);
    const verbose = flags.verbose === true;
    io.stdout.write(
      renderRunSummary(result, { verbose }) + renderAnalysis(analysis, { verbose }) + renderVerdict(result, analysis),
    );
  }
  reportWritten(outcome, spec, outDir, io);
  await writeRunReports(result, outDir, flags, io);
  return { exitCode: outcomeExitCode(outcome, spec), result };
}

async function runCapacity(spec: RunSpec, outDir: string, flags: RunFlags, io: CliIo): Promise<number> {
  const run = startCapacityRun(spec, outDir, hooksFor(io));
  const progressOf = (): ProgressState => {
    const load = run.progress();
    return { label: run.status(), ...(load ? { load } : {}) };
  };
  const outcome = await supervise(run, progressOf, spec, outDir, flags, io);
  const { result } = outcome;
  if (!flags.quiet) io.stdout.write(renderCapacity(result));
  reportWritten(outcome, spec, outDir, io);
  await writeRunReports(result, outDir, flags, io);
  return checkRestored(outcomeExitCode(outcome, spec), result.restored?.leftChanged ?? []);
}

/**
 * Where the result went, and — on stderr, where CI logs and scripts look — why the run did not complete, unless
 * an error says it anyway (the error boundary prints it).
 */
function reportWritten(
  outcome: RunOutcome<{ incomplete?: string; restored?: RestoreReport }>,
  spec: RunSpec,
  outDir: string,
  io: CliIo,
): void {
  const { result } = outcome;
  if (result.incomplete !== undefined && outcome.error === undefined)
    io.stderr.write(`${MESSAGE_PREFIX}the run did not complete: ${result.incomplete}\n`);
  // What the run changed and could not put back (a node left cordoned, replicas not restored): the user must.
  for (const left of result.restored?.leftChanged ?? []) io.stderr.write(`${MESSAGE_PREFIX}left changed: ${left}\n`);
  if (outcome.writeError !== undefined) io.stderr.write(`${MESSAGE_PREFIX}${outcome.writeError}\n`);
  const logs = spec.target.platform === 'local' ? `; pod logs in ${join(outDir, 'logs')}` : '';
  io.stderr.write(`Result written to ${outcome.resultFile}${logs}\n`);
}
