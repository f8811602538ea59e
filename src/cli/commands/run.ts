import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { analyseRun } from '../../analysis/recommend/index.js';
import { ExitCode, RollbenchError } from '../../core/errors.js';
import type { RunResult } from '../../core/run-result.js';
import { renderAnalysis } from '../../report/analysis-console.js';
import { renderComparison } from '../../report/comparison-console.js';
import { renderRunSummary } from '../../report/run-console.js';
import { applyTermination } from '../../run/apply-recommendation.js';
import { startRun } from '../../run/execute.js';
import { loadRunSpec } from '../../run/from-scenario.js';
import type { RunSpec } from '../../run/spec.js';
import type { CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';

interface RunFlags {
  out?: string;
  quiet?: boolean;
  verify?: boolean;
}

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
}

export function registerRun(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('run')
    .summary('run a scenario: load, disruptions, verdict (exit 4 when the SLO fails)')
    .description(
      'Brings the target up, sends load, triggers the disruptions at their times (each awaited to completion, as ' +
        '`kubectl rollout status` decides), cools down, stops gracefully and judges the SLO on everything after the ' +
        'warmup. Writes <out>/result.json and per-pod logs. Exit 0 when the SLO holds, 4 when it does not, ' +
        '130 when interrupted (Ctrl-C: what was measured is still written and every process is stopped).',
    )
    .argument('<scenario>', 'scenario file (YAML)')
    .option('-o, --out <dir>', 'output folder (default reports/<name>-<timestamp>)')
    .option('-q, --quiet', 'no progress line and no summary')
    .option(
      '--verify',
      'then apply the recommended preStop / terminationGracePeriodSeconds and run again; prints before / after (exit code of the second run)',
    )
    .action(async (file: string, flags: RunFlags) => setExit(await runCommand(file, flags, io)));
}

async function runCommand(file: string, flags: RunFlags, io: CliIo): Promise<number> {
  const spec = await loadRunSpec(file, io);
  const outDir = resolve(io.cwd, flags.out ?? join('reports', `${spec.name}-${timestamp()}`));
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
  if (first.result && second.result) io.stdout.write(renderComparison(first.result, second.result));
  return second.exitCode;
}

interface OneRun {
  exitCode: number;
  result: RunResult | undefined;
}

async function runOnce(spec: RunSpec, outDir: string, flags: RunFlags, io: CliIo): Promise<OneRun> {
  const run = startRun(spec, outDir);
  // The load runs until the run ends (its duration is only the run timeout), so show elapsed time alone.
  const progress = new ProgressLine(io.stderr, () => ({ ...(run.progress() ?? idleProgress), durationMs: 0 }));
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
  const { result } = outcome;
  if (result && !flags.quiet) io.stdout.write(renderRunSummary(result) + renderAnalysis(analyseRun(result)));
  if (result)
    io.stderr.write(`Result written to ${join(outDir, 'result.json')}; pod logs in ${join(outDir, 'logs')}\n`);
  if (outcome.interrupted) return { exitCode: ExitCode.interrupted, result };
  if (outcome.error !== undefined) {
    if (outcome.error instanceof RollbenchError) throw outcome.error;
    throw new RollbenchError(
      'RUN_FAILED',
      `the run failed: ${(outcome.error as Error).message ?? String(outcome.error)}`,
      {
        exit: 'platformUnavailable',
        hint: `see the pod logs in ${join(outDir, 'logs')}`,
        cause: outcome.error,
      },
    );
  }
  return { exitCode: result?.verdict.passed ? ExitCode.ok : ExitCode.sloFailed, result };
}

const idleProgress = { elapsedMs: 0, durationMs: 0, requests: 0, failed: 0, inFlight: 0, outcomes: new Map() };
