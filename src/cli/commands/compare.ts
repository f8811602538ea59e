import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_THRESHOLDS } from '../../analysis/compare.js';
import { ExitCode, RollbenchError } from '../../core/errors.js';
import type { CliIo } from '../io.js';

interface CompareFlags {
  maxFailedIncrease: number;
  p99IncreasePercent: number;
  alpha: number;
  json?: boolean;
}

function nonNegative(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError('not a number ≥ 0');
  return value;
}

export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .summary('compare a run with a baseline run (exit 6 on a regression)')
    .description(
      'Compares two result.json files of `rollbench run`: per window (the judged one, then each phase both ' +
        'have) requests and failures, latency percentiles of the successful requests side by side, and one-sided ' +
        'tests on the merged histograms (Kolmogorov–Smirnov) and on the failure counts (two proportions). The ' +
        'candidate regressed when, in the judged window, failures or p99 rise past a threshold and the test finds ' +
        'the rise significant — so noise is not called a regression.\n\nExit 0, 6 on a regression (the reason in ' +
        'the last line), 3 when a file is not a run result.',
    )
    .argument('<baseline>', 'result.json of the baseline run')
    .argument('<candidate>', 'result.json of the run to judge')
    .option('--max-failed-increase <n>', 'failed requests the candidate may add', nonNegative, 0)
    .option('--p99-increase-percent <n>', 'rise of p99 allowed, %', nonNegative, DEFAULT_THRESHOLDS.p99IncreasePercent)
    .option('--alpha <p>', 'significance level of the tests', nonNegative, DEFAULT_THRESHOLDS.alpha)
    .option('--json', 'print the comparison as JSON instead')
    .action(async (baselineFile: string, candidateFile: string, flags: CompareFlags) => {
      const { readResultFile } = await import('../../run/result-file.js');
      const { compareRuns } = await import('../../analysis/compare.js');
      const { renderCompare } = await import('../../report/compare-console.js');
      const readRun = async (file: string) => {
        const result = await readResultFile(resolve(io.cwd, file));
        if (result.kind === 'run') return result;
        throw new RollbenchError('INVALID_INPUT', `${file}: is a capacity result; compare reads run results`, {
          exit: 'invalidInput',
        });
      };
      const baseline = await readRun(baselineFile);
      const candidate = await readRun(candidateFile);
      const comparison = compareRuns(baseline, candidate, {
        maxFailedRequestsIncrease: flags.maxFailedIncrease,
        p99IncreasePercent: flags.p99IncreasePercent,
        alpha: flags.alpha,
      });
      io.stdout.write(flags.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderCompare(comparison));
      setExit(comparison.regressions.length > 0 ? ExitCode.regression : ExitCode.ok);
    });
}
