import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CliIo } from '../io.js';

export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('plan')
    .summary('print what a scenario will do, and when, without running anything')
    .description(
      'Validates a scenario and prints its timeline — warmup, each disruption at its time and what it does, ' +
        'cooldown — with the load, the SLO and when the run is judged, without starting anything.\n\n' +
        'Exit 0, or 3 for an invalid scenario (every problem printed as file:line:col field: message).',
    )
    .argument('<scenario>', 'scenario file (YAML)')
    .action(async (file: string) => {
      const { loadRunSpec } = await import('../../run/from-scenario.js');
      const { formatPlan, planRun } = await import('../../run/plan.js');
      const spec = await loadRunSpec(file, io);
      io.stdout.write(formatPlan(spec, planRun(spec)));
      setExit(ExitCode.ok);
    });
}
