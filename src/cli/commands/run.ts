import type { Command } from 'commander';
import { parseReportFormats } from '../../report/index.js';
import type { CliIo } from '../io.js';
import type { RunFlags } from './run-flags.js';

export function registerRun(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('run')
    .summary('run a scenario: load, disruptions, verdict (exit 4 when the SLO fails)')
    .description(
      'Brings the target up, sends load, triggers the disruptions at their times (each awaited to completion, as ' +
        '`kubectl rollout status` decides), cools down, stops gracefully and judges the SLO on everything after the ' +
        'warmup; then says why requests failed and what to set. Writes <out>/result.json, the reports (--report) and per-pod logs (a ' +
        "previous run's are removed first), whatever happens; a run that did not complete is marked `incomplete` " +
        'with the reason and the phase it reached. A scenario with `capacity:` steps the rate up instead and ' +
        'reports the highest rate that meets the SLO.\n\n' +
        'Exit 0 when the SLO holds (capacity: when some step meets it), 4 when it does not or the run could not ' +
        'complete (the run timeout), 6 when it passed but regressed against --baseline, 3 for an invalid scenario, 5 when the platform or the target ' +
        'failed: unreachable, forbidden, an API error or a refused action, or replicas that never become ready or ' +
        'crash at start, 7 when it passed but could not put back what it changed (a ' +
        'node left cordoned: stderr says what), 1 for any other failure, 130 when interrupted (Ctrl-C, SIGTERM, SIGHUP: what was measured is still written and every ' +
        'process is stopped). No replica outlives rollbench, even killed with kill -9.',
    )
    .argument('<scenario>', 'scenario file (YAML)')
    .option('-o, --out <dir>', 'output folder (default reports/<name>-<timestamp>)')
    .option('-q, --quiet', 'no progress line and no summary')
    .option(
      '--verbose',
      "also print every removed pod, each pod's drain lag, the formulas and the ready-to-apply patches, and the resource table",
    )
    .option(
      '--verify',
      'when the run fails, apply the recommended preStop / terminationGracePeriodSeconds and run again; prints before / ' +
        'after (exit code of the second run). On a cluster: a strategic-merge patch of the Deployment, awaited as ' +
        '`kubectl rollout status` decides, and the Deployment put back afterwards (also on failure, Ctrl-C, SIGTERM)',
    )
    .option('--keep', 'with --verify on a cluster: leave the patch on the Deployment instead of putting it back')
    .option(
      '--report <formats>',
      'reports to write next to result.json, comma-separated: html, md, junit, or none (default: html)',
      parseReportFormats,
    )
    .option(
      '--baseline <result.json>',
      "then compare with this run's result as `rollbench compare` does (thresholds from the scenario's compare: " +
        'block), writing compare.html / compare.md for the html / md of --report; exit 6 on a regression',
    )
    .option('--kubeconfig <file>', 'kubernetes: the kubeconfig file (default: KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'kubernetes: the kubeconfig context (default: its current-context)')
    .option(
      '-n, --namespace <name>',
      "kubernetes: the Deployment's namespace (default: the scenario's, else the context's)",
    )
    .option(
      '--url <url>',
      "kubernetes: where the load goes (default: the scenario's target.url, else the Service NodePort on a loopback cluster)",
    )
    .action(async (file: string, flags: RunFlags) => {
      // Loaded on use: the scenario parser, analysis and reports cost memory and start-up time other commands need not pay.
      const { runCommand } = await import('./run-action.js');
      setExit(await runCommand(file, flags, io));
    });
}
