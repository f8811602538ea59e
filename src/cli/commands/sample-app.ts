import { hostname } from 'node:os';
import { type Command, Option } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { type SigtermBehaviour, sampleAppDefaults, startSampleApp } from '../../platform/local/sample-app.js';
import type { CliIo } from '../io.js';
import { listenError } from '../listen-error.js';
import { durationFlag, portOption, positiveIntegerOption } from '../parse.js';

interface SampleAppFlags {
  port: number;
  host: string;
  name?: string;
  startupDelay: number;
  cpu: number;
  delay: number;
  bodyBytes: number;
  onSigterm: SigtermBehaviour;
  drainTimeout: number;
}

export function registerSampleApp(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('sample-app')
    .summary('run the built-in target: an HTTP app with tunable work and shutdown behaviour')
    .description(
      'Runs the built-in target app until it gets SIGTERM/SIGINT. GET / answers with a body and an ' +
        'x-rollbench-pod header naming the replica (?status=503&delayMs=100 override per request); ' +
        'GET /healthz answers 200 while serving and 503 while draining. Prints "listening on <url>" once it listens.\n\n' +
        'Exit 2 when it cannot listen: the port is in use or needs privileges, or --host is not an address of this ' +
        'machine.',
    )
    .option('-p, --port <port>', 'port (0 = any free port)', portOption, sampleAppDefaults.port)
    .option('--host <address>', 'address to listen on', sampleAppDefaults.host)
    // No commander default: it would be computed, and shown by --help, in the process that prints the help.
    .option('--name <name>', 'replica name for the x-rollbench-pod header (default: <hostname>-<pid>)')
    .addOption(
      durationFlag('--startup-delay <time>', 'wait this long before listening', sampleAppDefaults.startupDelayMs),
    )
    .addOption(durationFlag('--cpu <time>', 'CPU time burnt per request, e.g. 2ms', sampleAppDefaults.cpuMs))
    .addOption(durationFlag('--delay <time>', 'wait per request before answering', sampleAppDefaults.delayMs))
    .option('--body-bytes <n>', 'response body size', positiveIntegerOption, sampleAppDefaults.bodyBytes)
    .addOption(
      new Option('--on-sigterm <behaviour>', 'exit at once, drain gracefully, or ignore SIGTERM')
        .choices(['exit', 'drain', 'ignore'])
        .default(sampleAppDefaults.onSigterm),
    )
    .addOption(
      durationFlag(
        '--drain-timeout <time>',
        'longest a drain waits for requests in flight',
        sampleAppDefaults.drainTimeoutMs,
      ),
    )
    .action(async (flags: SampleAppFlags) => {
      const app = await startSampleApp({
        port: flags.port,
        host: flags.host,
        name: flags.name ?? `${hostname()}-${process.pid}`,
        startupDelayMs: flags.startupDelay,
        cpuMs: flags.cpu,
        delayMs: flags.delay,
        bodyBytes: flags.bodyBytes,
        onSigterm: flags.onSigterm,
        drainTimeoutMs: flags.drainTimeout,
      }).catch((err: unknown) => {
        throw listenError(err, flags.port, flags.host) ?? err;
      });
      io.stdout.write(`listening on ${app.url}\n`);
      // "Exit at once" is what an app without a SIGTERM handler does: the signal's default action kills the
      // process (exit by signal, connections cut by the kernel). So install no handler at all.
      if (flags.onSigterm === 'exit') return new Promise<void>(() => {});
      await new Promise<void>((stopped) => {
        const unsubscribe = io.onInterrupt(() => {
          unsubscribe();
          void app.terminate().then(stopped);
        });
      });
      setExit(ExitCode.ok);
    });
}
