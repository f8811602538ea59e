import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { CompareThresholds } from '../../analysis/compare-thresholds.js';
import { ExitCode } from '../../core/errors.js';
import { type CompareReportFormat, parseCompareFormats } from '../../report/compare-reporters.js';
import type { CliIo } from '../io.js';
import { errorRateOption } from '../parse.js';

interface CompareFlags extends Partial<CompareThresholds> {
  json?: boolean;
  format?: CompareReportFormat[];
  out?: string;
}

function nonNegative(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError('not a number ≥ 0');
  return value;
}

/** As the scenario's `significance`: above 0, at most 0.5 (a one-sided test's p above that means nothing). */
function significanceLevel(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value <= 0.5)) throw new InvalidArgumentError('not a level in (0, 0.5]');
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
        'candidate regressed when, in the judged window, failures, the error rate or p99 rise past a threshold ' +
        'and the test finds the rise significant — so noise is not called a regression. Thresholds: these flags, ' +
        "else the candidate scenario's `compare:` block, else the defaults. --format writes compare.html (one " +
        'self-contained page) and compare.md (for a pull-request comment) next to the candidate unless --out ' +
        'says otherwise.\n\nExit 0, 6 on a regression (the reason in the last line), 2 for a bad flag, 3 when a ' +
        'file is not a run result.',
    )
    .argument('<baseline>', 'result.json of the baseline run')
    .argument('<candidate>', 'result.json of the run to judge')
    .option('--max-failed-requests-increase <n>', 'failed requests the candidate may add (default 0)', nonNegative)
    .option(
      '--max-error-rate-increase <rate>',
      'rise of the error rate allowed: 0.001 or 0.1% (default: unchecked)',
      errorRateOption,
    )
    .option('--p99-increase-percent <n>', 'rise of p99 allowed, % (default 10)', nonNegative)
    .option('--significance <p>', 'a rise counts when the tests give p below this (default 0.01)', significanceLevel)
    .option('--format <formats>', 'also write files, comma-separated: html, md', parseCompareFormats)
    .option('-o, --out <dir>', 'folder for --format files (default: the folder of the candidate)')
    .option('--json', 'print the comparison as JSON instead')
    .action(async (baselineFile: string, candidateFile: string, flags: CompareFlags) => {
      const { readRunResult } = await import('./read-run-result.js');
      const { writeCompareReports } = await import('../../run/report-files.js');
      const { compareWithBaseline, exitCodeWithBaseline } = await import('../../analysis/compare.js');
      const { renderCompare } = await import('../../report/compare-console.js');
      const { runLabel } = await import('../../report/compare-document.js');
      const baseline = await readRunResult(io.cwd, baselineFile);
      const candidate = await readRunResult(io.cwd, candidateFile);
      const { json, format, out, ...overrides } = flags;
      const comparison = compareWithBaseline(baseline, candidate, overrides);
      const doc = {
        comparison,
        baseline: runLabel(baselineFile, baseline),
        candidate: runLabel(candidateFile, candidate),
      };
      const dir = out === undefined ? dirname(resolve(io.cwd, candidateFile)) : resolve(io.cwd, out);
      for (const written of await writeCompareReports(doc, format ?? [], dir)) io.stderr.write(`Written ${written}\n`);
      io.stdout.write(json ? `${JSON.stringify(comparison, null, 2)}\n` : renderCompare(comparison));
      // Only the regression is judged here, not the candidate's SLO: the code `run --baseline` gives a run that passed.
      setExit(exitCodeWithBaseline(ExitCode.ok, comparison));
    });
}
