import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll, afterEach } from 'vitest';
import { getCurrentTest } from 'vitest/suite';

// Every process a test starts goes through here: it has a deadline, is stopped (SIGTERM, then SIGKILL after a
// grace) when the deadline passes, and is stopped at the latest when its test ends, whatever the test did — so a
// hung child fails its test with what it printed, and never outlives the test file.

export interface Ran {
  /** Null when a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  /** Longest it may run; default: the current test's timeout less a second (so this message, not vitest's, says why), else 60 s. */
  deadlineMs?: number;
  /** After SIGTERM, how long it has to exit before SIGKILL. */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Leads a process group of its own (stopping it signals the whole group). */
  detached?: boolean;
  /** Leave its stdin open (script(1) ends at EOF on it); by default it reads EOF at once. */
  keepStdinOpen?: boolean;
}

export interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /**
   * Resolves when it exits, with everything it printed; rejects when its deadline stopped it, naming the command,
   * the deadline and the output so far.
   */
  readonly ended: Promise<Ran>;
  /** SIGTERM, then SIGKILL after the grace; resolves once it exited. */
  stop(): Promise<void>;
}

const FALLBACK_DEADLINE_MS = 60_000;
const GRACE_MS = 2000;
/** How much of each stream a failure message quotes (the end of it). */
const QUOTED_CHARS = 4000;

const running = new Set<Spawned>();

async function stopAll(): Promise<void> {
  await Promise.all([...running].map((spawned) => spawned.stop()));
}
afterEach(stopAll);
afterAll(stopAll);

function defaultDeadlineMs(): number {
  const timeoutMs = getCurrentTest()?.timeout;
  return timeoutMs === undefined || timeoutMs <= 2000 ? FALLBACK_DEADLINE_MS : timeoutMs - 1000;
}

function quoted(name: string, text: string): string {
  const tail = text.length > QUOTED_CHARS ? `…${text.slice(-QUOTED_CHARS)}` : text;
  return `--- ${name} so far ---\n${tail === '' ? '(nothing)\n' : tail}`;
}

/** Starts `command args` with piped stdio, under a deadline (see the file comment). */
export function spawnWithDeadline(command: string, args: readonly string[], options: SpawnOptions = {}): Spawned {
  const deadlineMs = options.deadlineMs ?? defaultDeadlineMs();
  const graceMs = options.graceMs ?? GRACE_MS;
  const child = spawn(command, args, {
    stdio: 'pipe',
    ...(options.env ? { env: options.env } : {}),
    detached: options.detached ?? false,
  });
  if (!options.keepStdinOpen) child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<Ran & { signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    // A command that cannot start (ENOENT) ends here too, with its error as stderr.
    child.on('error', (err) => done({ code: null, signal: null, stdout, stderr: `${stderr}${err.message}\n` }));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (options.detached && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!hasExited()) {
        signal('SIGTERM');
        const killer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      }
      running.delete(spawned);
    })();
    return stopping;
  };
  let deadlinePassed = false;
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    void stop();
  }, deadlineMs);
  const result = exited.then(({ signal: endedBy, ...ran }): Ran => {
    clearTimeout(deadline);
    running.delete(spawned);
    if (!deadlinePassed) return ran;
    throw new Error(
      `${[command, ...args].join(' ')} did not end within its deadline of ${deadlineMs} ms: ` +
        `sent SIGTERM, then SIGKILL after ${graceMs} ms if still running (ended by ${endedBy ?? `exit ${ran.code}`})\n` +
        `${quoted('stdout', ran.stdout)}\n${quoted('stderr', ran.stderr)}`,
    );
  });
  // Callers that never await `ended` (a child stopped by its test's end) must not surface as an unhandled rejection.
  result.catch(() => {});
  const spawned: Spawned = { child, output: () => ({ stdout, stderr }), ended: result, stop };
  running.add(spawned);
  return spawned;
}

/** Runs `command args` to its end under a deadline; `whileRunning` gets the child (to signal it, say). */
export function runWithDeadline(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { whileRunning?: (child: ChildProcessWithoutNullStreams) => void } = {},
): Promise<Ran> {
  const spawned = spawnWithDeadline(command, args, options);
  options.whileRunning?.(spawned.child);
  return spawned.ended;
}

/**
 * Resolves once the child's `stream` has printed text matching `pattern` — matched against everything it printed
 * since this was called, so a line split across two chunks still matches. Rejects, quoting what it printed, when
 * the child exits first or `deadlineMs` pass: a test that waits for a readiness line never waits past its deadline.
 */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  deadlineMs: number,
): Promise<void> {
  const source = child[stream];
  if (source === null) return Promise.reject(new Error(`waitForOutput: the child's ${stream} is not piped`));
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error) => {
      clearTimeout(deadline);
      source.off('data', onData);
      child.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const fail = (why: string) =>
      finish(new Error(`no ${stream} output matching ${pattern} ${why}\n${quoted(stream, text)}`));
    const onData = (chunk: Buffer | string) => {
      text += chunk;
      if (pattern.test(text)) finish();
    };
    const onClose = () => fail('before the child exited');
    const deadline = setTimeout(() => fail(`within ${deadlineMs} ms`), deadlineMs);
    source.on('data', onData);
    child.on('close', onClose);
  });
}
