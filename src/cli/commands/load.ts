import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { usageError, warningLine } from '../../core/errors.js';
import { MAX_RATE_RPS } from '../../core/load-limits.js';
import { LOAD_MODELS, type LoadModelName } from '../../core/load-model.js';
import { HTTP_CLIENTS, type HttpClientName, loadDefaults } from '../../load/options.js';
import { loadExitCode } from '../../run/exit-code.js';
import { superviseInterrupts } from '../../run/interrupts.js';
import type { CliIo } from '../io.js';
import {
  countOption,
  durationFlag,
  durationOption,
  errorRateOption,
  headerOption,
  methodOption,
  positiveIntegerOption,
  positiveNumberOption,
} from '../parse.js';
import { ProgressLine } from '../progress.js';

interface LoadFlags {
  httpClient: HttpClientName;
  model?: LoadModelName;
  rate?: number;
  /** Deprecated spelling of `--model closed`. */
  max?: boolean;
  connections: number;
  duration: number;
  warmup: number;
  timeout: number;
  bucket: number;
  method: string;
  header?: Record<string, string>;
  body?: string;
  maxRequestsPerConnection?: number;
  maxInFlight?: number;
  json?: string;
  quiet?: boolean;
  histograms: boolean;
  maxFailedRequests?: number;
  maxErrorRate?: number;
  maxP99?: number;
}

export function registerLoad(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('load')
    .summary('send sustained HTTP load and report latency per outcome over time')
    .description(
      'Sends HTTP load to <url> and records, per time bucket, a latency histogram for every outcome: each ' +
        'status code and each transport failure (ECONNREFUSED, ECONNRESET, TIMEOUT, ...).\n\n' +
        'Open model by default: requests leave at a constant rate whether or not earlier ones finished, and ' +
        'latency is measured from when each request was meant to leave, so stalls show as latency. ' +
        'Durations take a unit: 500ms, 10s, 2m.\n\n' +
        "Thresholds, like a scenario's slo (same names, in kebab case), judge the whole load: " +
        '--max-failed-requests, --max-error-rate, --max-p99. With none given, a load in which no request ' +
        'succeeded fails.\n\n' +
        'Ctrl-C (or SIGTERM, or SIGHUP when the terminal closes) stops gracefully (requests in flight finish) and still prints and writes what was measured; ' +
        'a second Ctrl-C aborts.\n\n' +
        'Exit codes:\n' +
        '  0    every threshold held (with none given: some request succeeded)\n' +
        '  2    bad usage: an invalid option, method or header (nothing is sent)\n' +
        '  4    a threshold was not met, or none was given and no request succeeded\n' +
        '  130  interrupted (what was measured is still printed and written)',
    )
    .argument('<url>', 'target, e.g. http://127.0.0.1:8080/ (user:password@ in it is sent as Basic auth)')
    .addOption(
      new Option(
        '--model <model>',
        'open (default): requests leave at --rate whether or not earlier ones finished; closed: each connection ' +
          'sends its next request as soon as its last one ends',
      ).choices(LOAD_MODELS),
    )
    .addOption(
      new Option(
        '--rate <rps>',
        `open model: requests per second (default ${loadDefaults.rps}, at most ${MAX_RATE_RPS})`,
      ).argParser(positiveNumberOption),
    )
    // The old spelling of --model closed, kept for one release (kubectl hides a deprecated flag the same way).
    .addOption(new Option('--max').hideHelp().conflicts(['model', 'rate']))
    .addOption(
      new Option('-c, --connections <n>', 'most TCP connections (closed model: the concurrency)')
        .argParser(positiveIntegerOption)
        .default(loadDefaults.connections),
    )
    .addOption(durationFlag('-d, --duration <time>', 'how long to send load', loadDefaults.durationMs))
    .addOption(
      durationFlag(
        '--warmup <time>',
        'load sent first, at the same rate, counted apart and not judged (no bucket, threshold or percentile)',
        0,
      ),
    )
    .addOption(
      durationFlag('--timeout <time>', 'a request not finished by then ends as TIMEOUT', loadDefaults.timeoutMs),
    )
    .addOption(durationFlag('--bucket <time>', 'width of a time bucket in the result', loadDefaults.bucketMs))
    .option('-m, --method <method>', 'HTTP method', methodOption, loadDefaults.method)
    .option('-H, --header <header>', "request header 'name: value' (repeatable)", headerOption)
    .option('--body <text|@file>', 'request body, or @path to read it from a file')
    .option(
      '--max-requests-per-connection <n>',
      'close each connection after n requests and open a new one (reaches new pods sooner)',
      positiveIntegerOption,
    )
    .option(
      '--max-in-flight <n>',
      'open model: cap on requests in flight (default: none, the timeout bounds them); sends over it are dropped and counted',
      positiveIntegerOption,
    )
    .option('--max-failed-requests <n>', 'threshold: most failed requests allowed (exit 4 above)', countOption)
    .option(
      '--max-error-rate <fraction|percent>',
      'threshold: largest share of failed requests, e.g. 0.01 or 1% (exit 4 above)',
      errorRateOption,
    )
    .addOption(
      new Option(
        '--max-p99 <time>',
        'threshold: highest p99 latency of the successful requests, e.g. 250ms (exit 4 above, or if none succeeded)',
      ).argParser(durationOption),
    )
    .option('--json <file|->', "write the result as JSON to a file, or '-' for stdout")
    .option('-q, --quiet', 'no progress line and no summary (errors, and a failed threshold, only)')
    .addOption(
      new Option('--http-client <name>', 'the HTTP/1.1 client: rollbench (its own, leaner) or undici')
        .choices(HTTP_CLIENTS)
        .default('rollbench'),
    )
    .addOption(new Option('--no-histograms', 'keep counts only, no latency histograms (to measure recording cost)'))
    .action(async (url: string, flags: LoadFlags) => setExit(await runLoadCommand(url, flags, io)));
}

async function runLoadCommand(url: string, flags: LoadFlags, io: CliIo): Promise<number> {
  const body = flags.body?.startsWith('@') ? await readBody(resolve(io.cwd, flags.body.slice(1))) : flags.body;
  if (flags.max) {
    io.stderr.write(warningLine('--max is deprecated and removed in the next release: write --model closed'));
  }
  const model = flags.max ? 'closed' : flags.model;
  const { startLoad } = await import('../../load/run-load.js');
  const { judgeLoad } = await import('../../analysis/load-verdict.js');
  const { renderLoadSummary } = await import('../../report/console.js');
  const { renderLoadVerdict } = await import('../../report/load-verdict-console.js');
  const { writeJsonResult } = await import('../../report/json.js');
  const run = startLoad({
    url,
    ...(model === undefined ? {} : { model }),
    ...(flags.rate === undefined ? {} : { rps: flags.rate }),
    connections: flags.connections,
    durationMs: flags.duration,
    warmupMs: flags.warmup,
    timeoutMs: flags.timeout,
    bucketMs: flags.bucket,
    method: flags.method,
    headers: flags.header ?? {},
    ...(body === undefined ? {} : { body }),
    ...(flags.maxRequestsPerConnection === undefined
      ? {}
      : { maxRequestsPerConnection: flags.maxRequestsPerConnection }),
    ...(flags.maxInFlight === undefined ? {} : { maxInFlight: flags.maxInFlight }),
    histograms: flags.histograms,
    httpClient: flags.httpClient,
    warmClient: true,
  });
  const progress = new ProgressLine(io.stderr, () => ({ load: run.progress() }));
  if (!flags.quiet) progress.start();
  let interrupted = false;
  const result = await superviseInterrupts(io.onInterrupt, run, (count) => {
    interrupted = true;
    progress.stop();
    if (count === 1) io.stderr.write('Stopping: waiting for requests in flight (Ctrl-C again to abort)...\n');
  }).finally(() => progress.stop());
  const verdict = judgeLoad(result, {
    ...(flags.maxFailedRequests === undefined ? {} : { maxFailedRequests: flags.maxFailedRequests }),
    ...(flags.maxErrorRate === undefined ? {} : { maxErrorRate: flags.maxErrorRate }),
    ...(flags.maxP99 === undefined ? {} : { maxP99Ms: flags.maxP99 }),
  });
  // With the JSON on stdout, the human summary goes to stderr so stdout stays parseable. --quiet still says why
  // it failed.
  const summaryStream = flags.json === '-' ? io.stderr : io.stdout;
  if (!flags.quiet) summaryStream.write(renderLoadSummary(result) + renderLoadVerdict(verdict));
  else if (!verdict.passed) io.stderr.write(renderLoadVerdict(verdict));
  if (flags.json !== undefined) {
    const path = await writeJsonResult(result, flags.json, io.stdout, io.cwd);
    if (!flags.quiet && path !== '-') io.stderr.write(`Result written to ${path}\n`);
  }
  return loadExitCode(verdict, interrupted);
}

async function readBody(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw usageError(`--body: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
