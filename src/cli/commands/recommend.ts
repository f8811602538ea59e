import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Recommendation } from '../../analysis/recommend/recommend.js';
import { ExitCode } from '../../core/errors.js';
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
      const { recommend } = await import('../../analysis/recommend/recommend.js');
      const result = await readResultFile(resolve(io.cwd, file));
      const recommended = recommend(result, flags.container === undefined ? {} : { container: flags.container });
      io.stdout.write(await rendered(recommended, flags.json === true));
      if (flags.patchOut !== undefined) {
        const { deployment } = recommended;
        if ('unavailable' in deployment) {
          io.stderr.write(`${deployment.unavailable}: no patch written.\n`);
        } else {
          const { stringify } = await import('yaml');
          const path = resolve(io.cwd, flags.patchOut);
          const text = path.endsWith('.json')
            ? `${JSON.stringify(deployment.patch, null, 2)}\n`
            : stringify(deployment.patch);
          await writeFile(path, text);
          io.stderr.write(`Deployment patch written to ${path}\n`);
        }
      }
      setExit(ExitCode.ok);
    });
}

/** The analysis as the terminal shows it (a run's in full), or as JSON. */
async function rendered(recommended: Recommendation, json: boolean): Promise<string> {
  if (json) return `${JSON.stringify(recommended.analysis, null, 2)}\n`;
  if (recommended.kind === 'capacity') {
    const { renderCapacityRecommendation } = await import('../../report/capacity-recommendation-console.js');
    return renderCapacityRecommendation(recommended.analysis);
  }
  const { renderAnalysis } = await import('../../report/analysis-console.js');
  return (
    renderAnalysis(recommended.analysis, { verbose: true }) ||
    'No failed requests and no terminated pods: nothing to recommend.\n'
  );
}
