import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, RollbenchError } from '../../core/errors.js';
import type { CliIo } from '../io.js';

interface RecommendFlags {
  patchOut?: string;
  container: string;
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
        'and requests/limits per container (VPA-style and KRR-style) from the CPU and memory sampled during the run.',
    )
    .argument('<result>', 'result.json of a run')
    .option('--patch-out <file>', 'also write the Deployment patch (strategic merge, YAML) to this file')
    .option('--container <name>', 'container name in the Deployment patch', 'app')
    .option('--json', 'print the analysis as JSON instead')
    .action(async (file: string, flags: RecommendFlags) => {
      const { stringify } = await import('yaml');
      const { analyseRun } = await import('../../analysis/recommend/index.js');
      const { deploymentPatch } = await import('../../analysis/recommend/patch.js');
      const { renderAnalysis } = await import('../../report/analysis-console.js');
      const { readResultFile } = await import('../../run/result-file.js');
      const result = await readResultFile(resolve(io.cwd, file));
      if (result.kind === 'capacity') {
        throw new RollbenchError('INVALID_INPUT', `${file}: is the result of a capacity run, not of a disruption`, {
          exit: 'invalidInput',
          hint: 'its per-step figures are printed by the capacity run itself',
        });
      }
      const analysis = analyseRun(result);
      if (flags.json) io.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
      else
        io.stdout.write(
          renderAnalysis(analysis) || 'No failed requests and no terminated pods: nothing to recommend.\n',
        );
      if (flags.patchOut !== undefined) {
        if (!analysis.termination) {
          io.stderr.write('No pod was terminated during this run: no patch written.\n');
        } else {
          const path = resolve(io.cwd, flags.patchOut);
          await writeFile(path, stringify(deploymentPatch(analysis.termination, { containerName: flags.container })));
          io.stderr.write(`Deployment patch written to ${path}\n`);
        }
      }
      setExit(ExitCode.ok);
    });
}
