import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CapacityResult, RunResult } from '../../core/run-result.js';
import type { CliIo } from '../io.js';

interface RecommendFlags {
  patchOut?: string;
  container?: string;
  json?: boolean;
}

export function registerRecommend(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('recommend')
    .summary('why requests failed and what to set, from a saved run result')
    .description(
      'Analyses a result.json written by `rollbench run` (no platform needed): attributes every failed request to ' +
        'a cause, measures the drain lag of each terminated pod, and recommends lifecycle.preStop and ' +
        'terminationGracePeriodSeconds with the measurements and formulas behind them, as ready-to-apply patches, ' +
        'and requests/limits per container (VPA-style and KRR-style) from the CPU and memory sampled during the run. ' +
        'From the result of a capacity run: KRR-style requests/limits at the highest rate that met the SLO ' +
        '(--patch-out writes them).\n\nExit 0, or 3 when the file is not a result it can read.',
    )
    .argument('<result>', 'result.json of a run')
    .option(
      '--patch-out <file>',
      'also write the Deployment patch (strategic merge) to this file: JSON when it ends in .json, else YAML',
    )
    .option(
      '--container <name>',
      "only this container in the Deployment patch (default: every container of the Deployment the run read; a capacity run's: the first)",
    )
    .option('--json', 'print the analysis as JSON instead')
    .action(async (file: string, flags: RecommendFlags) => {
      const { readResultFile } = await import('../../run/result-file.js');
      const result = await readResultFile(resolve(io.cwd, file));
      const patch =
        result.kind === 'capacity' ? await capacityPatch(result, flags, io) : await runPatch(result, flags, io);
      if (flags.patchOut !== undefined) {
        if (typeof patch === 'string') {
          io.stderr.write(`${patch}: no patch written.\n`);
        } else {
          const { stringify } = await import('yaml');
          const path = resolve(io.cwd, flags.patchOut);
          await writeFile(path, path.endsWith('.json') ? `${JSON.stringify(patch, null, 2)}\n` : stringify(patch));
          io.stderr.write(`Deployment patch written to ${path}\n`);
        }
      }
      setExit(ExitCode.ok);
    });
}

/** Prints the analysis of a run; returns its Deployment patch (preStop, grace period) or why there is none. */
async function runPatch(result: RunResult, flags: RecommendFlags, io: CliIo): Promise<object | string> {
  const { analyseRun } = await import('../../analysis/recommend/index.js');
  const { judged } = await import('../../analysis/judge.js');
  const { deploymentPatch, patchContainers } = await import('../../analysis/recommend/patch.js');
  const { renderAnalysis } = await import('../../report/analysis-console.js');
  const containers = patchContainers(result, flags.container);
  const analysis = analyseRun(judged(result));
  if (flags.json) io.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
  else
    io.stdout.write(
      renderAnalysis(analysis, { verbose: true }) ||
        'No failed requests and no terminated pods: nothing to recommend.\n',
    );
  return analysis.termination
    ? deploymentPatch(analysis.termination, { containers })
    : 'No pod was terminated during this run';
}

/** Prints what a capacity result supports; returns its Deployment patch (KRR-style resources) or why there is none. */
async function capacityPatch(result: CapacityResult, flags: RecommendFlags, io: CliIo): Promise<object | string> {
  const { recommendFromCapacity } = await import('../../analysis/recommend/capacity.js');
  const { judgedCapacity } = await import('../../analysis/capacity.js');
  const { toResourcesPatch } = await import('../../analysis/recommend/resources.js');
  const { patchContainers } = await import('../../analysis/recommend/patch.js');
  const container = patchContainers(result, flags.container)[0]?.name ?? 'app';
  const { renderCapacityRecommendation } = await import('../../report/capacity-recommendation-console.js');
  const analysis = recommendFromCapacity(judgedCapacity(result));
  io.stdout.write(flags.json ? `${JSON.stringify(analysis, null, 2)}\n` : renderCapacityRecommendation(analysis));
  return 'recommendation' in analysis
    ? toResourcesPatch(analysis.recommendation.krr, container)
    : 'No requests/limits from this capacity run';
}
