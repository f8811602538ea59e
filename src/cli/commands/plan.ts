import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { loadRunSpec } from '../../run/from-scenario.js';
import { formatPlan, planRun } from '../../run/plan.js';
import type { CliIo } from '../io.js';

export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('plan')
    .summary('print what a scenario will do, and when, without running anything')
    .argument('<scenario>', 'scenario file (YAML)')
    .action(async (file: string) => {
      const spec = await loadRunSpec(file, io);
      io.stdout.write(formatPlan(spec, planRun(spec)));
      setExit(ExitCode.ok);
    });
}
