import { Command, CommanderError, Option } from 'commander';
import { ExitCode, InternalError, MESSAGE_PREFIX, RollbenchError } from '../core/errors.js';
import { version } from '../core/version.js';
import { registerCluster } from './commands/cluster.js';
import { registerCompare } from './commands/compare.js';
import { registerDoctor } from './commands/doctor.js';
import { registerLoad } from './commands/load.js';
import { registerPlan } from './commands/plan.js';
import { registerRecommend } from './commands/recommend.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSampleApp } from './commands/sample-app.js';
import { registerValidate } from './commands/validate.js';
import { codeLine, errorLines } from './error-lines.js';
import { type CliIo, processIo } from './io.js';

/** Builds the `rollbench` program; commands report their exit code through `setExit`. */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('rollbench')
    .description('Does any request fail when you roll out, scale or drain under real traffic?')
    .version(version, '-v, --version', 'print the version')
    // Commander's own spelling, -V, kept for scripts that use it.
    .addOption(new Option('-V').hideHelp())
    .on('option:V', () => {
      io.stdout.write(`${version}\n`);
      throw new CommanderError(0, 'commander.version', version);
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander begins its own messages with "error: "; every other error line begins with MESSAGE_PREFIX.
      outputError: (text, write) => write(text.replace(/^error: /, MESSAGE_PREFIX)),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 pass · 1 internal error · 2 usage · 3 invalid scenario/input · 4 SLO failed ·\n' +
        '            5 platform or target failed (unreachable, forbidden, API error, refused action, cannot start) ·\n' +
        '            6 regression · 7 passed but left a change it could not put back ·\n' +
        '            130 interrupted (results still written)',
    );
  registerRun(program, io, setExit);
  registerPlan(program, io, setExit);
  registerValidate(program, io, setExit);
  registerRecommend(program, io, setExit);
  registerReport(program, io, setExit);
  registerCompare(program, io, setExit);
  registerLoad(program, io, setExit);
  registerSampleApp(program, io, setExit);
  registerCluster(program, io, setExit);
  registerDoctor(program, io, setExit);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/**
 * Runs the CLI and returns the exit code; the one error boundary. A RollbenchError prints its message, hint and
 * code and ends with its exit code; anything else is a bug (exit 1) and prints its stack.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed the message (or the help / version); after the help it printed for a
      // missing command, a code line would be noise.
      if (err.exitCode === 0) return ExitCode.ok;
      if (err.code !== 'commander.help') io.stderr.write(codeLine('USAGE'));
      return ExitCode.usage;
    }
    if (err instanceof RollbenchError) {
      io.stderr.write(errorLines(err));
      return err.exitCode;
    }
    // A bug: its stack to report, then the hint and code every error ends with (RUN_FAILED, exit 1).
    const bug = new InternalError(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    io.stderr.write(errorLines(bug));
    return bug.exitCode;
  }
}
