import { join, resolve } from 'node:path';
import { comparisonColumn } from '../../analysis/comparison.js';
import { analyseRun } from '../../analysis/recommend/index.js';
import { ExitCode, RollbenchError } from '../../core/errors.js';
import type { RunResult } from '../../core/run-result.js';
import type { LoadProgress } from '../../load/engine.js';
import { renderAnalysis } from '../../report/analysis-console.js';
import { renderCapacity } from '../../report/capacity-console.js';
import { renderComparison } from '../../report/comparison-console.js';
import { renderRunSummary } from '../../report/run-console.js';
import { renderVerdict } from '../../report/verdict-console.js';
import { applyTermination } from '../../run/apply-recommendation.js';
import { startCapacityRun } from '../../run/capacity.js';
import { startRun } from '../../run/execute.js';
import { loadRunSpec } from '../../run/from-scenario.js';
import type { RunSpec } from '../../run/spec.js';
import type { CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';
import type { RunFlags } from './run.js';
import { writeRunReports } from './run-reports.js';

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
}

export async function runCommand(file: string, flags: RunFlags, io: CliIo): Promise<number> {
  const spec = await loadRunSpec(file, io);
  const outDir = resolve(io.cwd, flags.out ?? join('reports', `${spec.name}-${timestamp()}`));
  if (spec.capacity) return runCapacity(spec, outDir, flags, io);
  const first = await runOnce(spec, outDir, flags, io);
  if (!flags.verify || (first.exitCode !== ExitCode.ok && first.exitCode !== ExitCode.sloFailed)) return first.exitCode;
  const termination = first.result && analyseRun(first.result).termination;
  if (!termination) {
    io.stderr.write('--verify: no pod was terminated during the run, so there is nothing to apply.\n');
    return first.exitCode;
  }
  const applied = applyTermination(spec, termination);
  io.stderr.write(
    `\n--verify: running again with preStop ${applied.preStopSeconds} s and terminationGracePeriodSeconds ${applied.terminationGracePeriodSeconds} s\n`,
  );
  const second = await runOnce(applied.spec, `${outDir}-verify`, flags, io);
  if (first.result && second.result) {
    io.stdout.write(renderComparison(comparisonColumn(first.result), comparisonColumn(second.result)));
  }
  return second.exitCode;
}

interface OneRun {
  exitCode: number;
  result: RunResult | undefined;
}

/** What both kinds of run hand back, and how the CLI drives them. */
interface Supervised<O extends { error: unknown; interrupted: boolean }> {
  done: Promise<O>;
  stop(): void;
  abort(): void;
}

/**
 * Shows progress while a run goes on, turns Ctrl-C into a graceful stop (twice: abort), and turns a failure
 * into the error the CLI reports (the run has already written what it measured and stopped every process).
 */
async function supervise<O extends { error: unknown; interrupted: boolean }>(
  run: Supervised<O>,
  progressOf: () => LoadProgress & { label?: string },
  spec: RunSpec,
  outDir: string,
  flags: RunFlags,
  io: CliIo,
): Promise<O> {
  const progress = new ProgressLine(io.stderr, progressOf);
  if (!flags.quiet) {
    io.stderr.write(`Starting ${spec.target.replicas} replicas; output in ${outDir}\n`);
    progress.start();
  }
  const unsubscribe = io.onInterrupt((count) => {
    progress.stop();
    if (count === 1) {
      io.stderr.write('Stopping: load stops gracefully, then every replica is stopped (Ctrl-C again to abort)...\n');
      run.stop();
    } else {
      run.abort();
    }
  });
  const outcome = await run.done.finally(() => {
    unsubscribe();
    progress.stop();
  });
  return outcome;
}

function failure(error: unknown, outDir: string): RollbenchError {
  if (error instanceof RollbenchError) return error;
  return new RollbenchError('RUN_FAILED', `the run failed: ${(error as Error).message ?? String(error)}`, {
    exit: 'platformUnavailable',
    hint: `see the pod logs in ${join(outDir, 'logs')}`,
    cause: error,
  });
}

async function runOnce(spec: RunSpec, outDir: string, flags: RunFlags, io: CliIo): Promise<OneRun> {
  const run = startRun(spec, outDir);
  // The load runs until the run ends (its duration is only the run timeout), so show elapsed time alone.
  const outcome = await supervise(
    run,
    () => ({ ...(run.progress() ?? idleProgress), durationMs: 0 }),
    spec,
    outDir,
    flags,
    io,
  );
  const { result } = outcome;
  if (result && !flags.quiet) {
    const analysis = analyseRun(result);
    const verbose = flags.verbose === true;
    io.stdout.write(
      renderRunSummary(result, { verbose }) + renderAnalysis(analysis, { verbose }) + renderVerdict(result, analysis),
    );
  }
  if (result)
    io.stderr.write(`Result written to ${join(outDir, 'result.json')}; pod logs in ${join(outDir, 'logs')}\n`);
  if (result) await writeRunReports(result, outDir, flags, io);
  if (outcome.interrupted) return { exitCode: ExitCode.interrupted, result };
  if (outcome.error !== undefined) throw failure(outcome.error, outDir);
  // A run that did not complete (the run timeout, say) has not shown that the SLO holds.
  const passed = result?.verdict.passed === true && result.incomplete === undefined;
  return { exitCode: passed ? ExitCode.ok : ExitCode.sloFailed, result };
}

async function runCapacity(spec: RunSpec, outDir: string, flags: RunFlags, io: CliIo): Promise<number> {
  const run = startCapacityRun(spec, outDir);
  const progressOf = () => {
    const step = run.step();
    return {
      ...(run.progress() ?? idleProgress),
      ...(step ? { label: `step ${step.index + 1}/${step.of} ${step.rps} rps` } : {}),
    };
  };
  const outcome = await supervise(run, progressOf, spec, outDir, flags, io);
  if (outcome.result && !flags.quiet) io.stdout.write(renderCapacity(outcome.result));
  if (outcome.result) io.stderr.write(`Result written to ${join(outDir, 'result.json')}\n`);
  if (outcome.result) await writeRunReports(outcome.result, outDir, flags, io);
  if (outcome.interrupted) return ExitCode.interrupted;
  if (outcome.error !== undefined) throw failure(outcome.error, outDir);
  return outcome.result?.maxPassingRps === undefined ? ExitCode.sloFailed : ExitCode.ok;
}

const idleProgress = { elapsedMs: 0, durationMs: 0, requests: 0, failed: 0, inFlight: 0, outcomes: new Map() };
