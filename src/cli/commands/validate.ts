import type { Command } from 'commander';
import { ExitCode, MESSAGE_PREFIX, warningLine } from '../../core/errors.js';
import { codeLine } from '../error-lines.js';
import type { CliIo } from '../io.js';

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .summary('check scenario files and report every problem with file:line:col')
    .description(
      'Checks scenario files against the schema (scenarios/scenario.schema.json) and the rules between fields. ' +
        'Prints every problem as `rollbench: file:line:col field.path: message` and exits 3 if any file has one; warnings ' +
        'are printed but do not fail.',
    )
    .argument('<files...>', 'scenario files (YAML)')
    .action(async (files: string[]) => {
      const { formatProblem, validateFiles } = await import('../../scenario/index.js');
      const results = await validateFiles(files);
      let failed = false;
      for (const { file, problems, warnings } of results) {
        for (const problem of problems) io.stderr.write(`${MESSAGE_PREFIX}${formatProblem(problem)}\n`);
        for (const warning of warnings) io.stderr.write(warningLine(formatProblem(warning)));
        if (problems.length === 0)
          io.stdout.write(
            `${file}: ok${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}\n`,
          );
        failed ||= problems.length > 0;
      }
      // The code `run` and `plan` end with on the same file.
      if (failed) io.stderr.write(codeLine('INVALID_SCENARIO'));
      setExit(failed ? ExitCode.invalidInput : ExitCode.ok);
    });
}
