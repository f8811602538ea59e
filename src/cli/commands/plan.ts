import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CliIo } from '../io.js';

export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('plan')
    .summary('print what a scenario will do, and when, without running anything')
    .argument('<scenario>', 'scenario file (YAML)')
    .action(async (file: string) => {
      const { loadRunSpec } = await import('../../run/from-scenario.js');
      const { formatPlan, planRun } = await import('../../run/plan.js');
      const spec = await loadRunSpec(file, io);
      io.stdout.write(formatPlan(spec, planRun(spec)));
      setExit(ExitCode.ok);
    });
}
