/**
 * Documented, stable exit codes. Scripts and CI jobs depend on these numbers: never renumber one.
 */
export const ExitCode = {
  /** The run passed (or the command did what it was asked). */
  ok: 0,
  /** A bug or an unexpected failure inside rollbench. */
  internal: 1,
  /** Bad command-line usage: unknown option, invalid value. */
  usage: 2,
  /** An invalid scenario or input file. */
  invalidInput: 3,
  /** The SLO / zero-downtime check failed. */
  sloFailed: 4,
  /** The platform (cluster, local processes) could not be reached or refused us. */
  platformUnavailable: 5,
  /** A regression against the baseline run. */
  regression: 6,
  /** Interrupted by SIGINT/SIGTERM/SIGHUP; what was measured is still written. */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** How every error and warning line rollbench prints begins (the GNU `program: message` convention). */
export const MESSAGE_PREFIX = 'rollbench: ';

/**
 * An error meant for the user: a stable code, a one-line message, an optional hint saying what to do,
 * and the exit code the CLI ends with. Anything thrown that is not a RollbenchError is an internal error.
 */
export class RollbenchError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Further lines for the user after the message (e.g. every other problem in a file). */
  readonly details: readonly string[];

  constructor(
    code: string,
    message: string,
    options: { hint?: string; exit?: ExitCodeName; cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RollbenchError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = ExitCode[options.exit ?? 'internal'];
    this.details = options.details ?? [];
  }
}

/** Bad usage of a command or library call (exit 2). */
export function usageError(message: string, hint?: string): RollbenchError {
  return new RollbenchError('USAGE', message, { exit: 'usage', ...(hint === undefined ? {} : { hint }) });
}
