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
  /**
   * The platform or the target failed: the cluster (or the embedded one) unreachable or forbidding, an API error,
   * an action it refused, or a target that cannot start or roll out.
   */
  platformUnavailable: 5,
  /** A regression against the baseline run. */
  regression: 6,
  /** The run passed, but what it changed could not all be put back (a node left cordoned): CI must not go green. */
  leftChanged: 7,
  /** Interrupted by SIGINT/SIGTERM/SIGHUP; what was measured is still written. */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** How every error and warning line rollbench prints begins (the GNU `program: message` convention). */
export const MESSAGE_PREFIX = 'rollbench: ';

/** A warning as every command prints it, on a line of its own: `rollbench: <message> (warning)`. */
export function warningLine(message: string): string {
  return `${MESSAGE_PREFIX}${message} (warning)\n`;
}

/**
 * The families of errors, one class each (below): the exit code the CLI ends with, and the hint printed when the
 * error brings none of its own. Usage, input and interrupt errors have no default hint: their message names the
 * option, file:line or moment, which is all a generic line could add.
 */
const FAMILIES = {
  usage: { exit: 'usage', hint: undefined },
  invalidInput: { exit: 'invalidInput', hint: undefined },
  platform: {
    exit: 'platformUnavailable',
    hint: 'check the cluster, your permissions and the deployment with `rollbench doctor` (same --kubeconfig, --context, -n)',
  },
  platformUnreachable: {
    exit: 'platformUnavailable',
    hint: 'check that the cluster is up and reachable from here (`rollbench doctor`)',
  },
  platformForbidden: {
    exit: 'platformUnavailable',
    hint: 'grant what deploy/rbac.yaml grants (`rollbench doctor` lists what is missing)',
  },
  // Exit 5 as before the families existed (`run --help` documents it): scripts treat 5 as "could not run".
  target: { exit: 'platformUnavailable', hint: "see the target's pod logs: its replicas did not become ready" },
  leftChanged: {
    exit: 'leftChanged',
    hint: 'put back by hand what is listed as "left changed": each line gives the command',
  },
  interrupted: { exit: 'interrupted', hint: undefined },
  internal: { exit: 'internal', hint: 'an unexpected failure inside rollbench: please report it with this output' },
} as const satisfies Record<string, { exit: ExitCodeName; hint: string | undefined }>;

export type ErrorFamily = keyof typeof FAMILIES;

/**
 * Every error code rollbench reports, its family and what it means. Stable: scripts and library users match on
 * them; never rename or move one. README's "Exit codes" table is checked against this list.
 */
export const ERROR_CODES = {
  USAGE: { family: 'usage', meaning: 'a bad option or value; the message names it' },
  VERIFY_UNSUPPORTED: { family: 'usage', meaning: '`--verify` on a target it cannot change' },
  INVALID_SCENARIO: { family: 'invalidInput', meaning: 'a scenario that cannot run; every problem, with file:line' },
  INVALID_INPUT: { family: 'invalidInput', meaning: 'a result file that cannot be read or compared' },
  KUBECONFIG: { family: 'invalidInput', meaning: 'a kubeconfig file or context missing or invalid' },
  NO_SUCH_POD: { family: 'invalidInput', meaning: 'a `deletePod` naming a pod that is not there' },
  KUBERNETES_API_ERROR: { family: 'platform', meaning: 'the API server answered a call with an error' },
  KUBERNETES_NOT_FOUND: { family: 'platform', meaning: 'the Deployment or Service named is not there' },
  ACTION_REFUSED: {
    family: 'platform',
    meaning: 'the cluster as it stands cannot take or follow the action (a drain, a rollout)',
  },
  VERIFY_APPLY_FAILED: { family: 'platform', meaning: '`--verify` could not apply the recommendation' },
  KUBERNETES_UNREACHABLE: { family: 'platformUnreachable', meaning: 'the API server did not answer' },
  CLUSTER_NOT_STARTED: {
    family: 'platformUnreachable',
    meaning: 'the embedded cluster (`platform: local`) did not start',
  },
  KUBERNETES_UNAUTHORIZED: { family: 'platformForbidden', meaning: 'the credentials are no longer accepted (401)' },
  KUBERNETES_FORBIDDEN: { family: 'platformForbidden', meaning: 'RBAC refused a call (403)' },
  REPLICAS_NOT_READY: { family: 'target', meaning: 'the replicas did not all become ready in time' },
  CRASH_LOOP: { family: 'target', meaning: 'a revision cannot start: its pod crashes or cannot run' },
  PROGRESS_DEADLINE_EXCEEDED: { family: 'target', meaning: "a rollout exceeded the Deployment's progress deadline" },
  RESTORE_INCOMPLETE: { family: 'leftChanged', meaning: 'the run passed, but left changed what it could not put back' },
  INTERRUPTED: { family: 'interrupted', meaning: 'SIGINT, SIGTERM or SIGHUP; what was measured is still written' },
  RUN_FAILED: {
    family: 'internal',
    meaning: 'an unexpected failure: a bug, or a run that failed for a reason none of the above covers',
  },
} as const satisfies Record<string, { family: ErrorFamily; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one family. */
export type CodeOf<F extends ErrorFamily> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['family'] extends F ? C : never;
}[ErrorCode];

/** The exit code an error code ends the CLI with. */
export function exitCodeOf(code: ErrorCode): number {
  return ExitCode[FAMILIES[ERROR_CODES[code].family].exit];
}

export interface RollbenchErrorOptions<C extends ErrorCode = ErrorCode> {
  /** The family's first code when omitted. */
  code?: C;
  /** What to do about it; the family's default hint when omitted. */
  hint?: string;
  cause?: unknown;
  /** Further lines for the user after the message (e.g. every other problem in a file). */
  details?: readonly string[];
}

/**
 * An error meant for the user: a stable code, a one-line message, a hint saying what to do, and the exit code
 * the CLI ends with. One subclass per family (below); anything thrown that is not a RollbenchError is a bug.
 */
export class RollbenchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly details: readonly string[];

  /** The code decides the family, hence the exit code and the default hint; `code` is the class's usual one. */
  protected constructor(code: ErrorCode, message: string, options: RollbenchErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? code;
    this.hint = options.hint ?? FAMILIES[ERROR_CODES[this.code].family].hint;
    this.exitCode = exitCodeOf(this.code);
    this.details = options.details ?? [];
  }
}

/** Bad usage of a command or library call (exit 2). */
export class UsageError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'usage'>> = {}) {
    super('USAGE', message, options);
  }
}

/** An invalid scenario, result, kubeconfig or other input (exit 3). */
export class InvalidInputError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'invalidInput'>> = {}) {
    super('INVALID_INPUT', message, options);
  }
}

/**
 * The platform could not do what was asked: an API error, a Deployment not found, a drain it refuses (exit 5).
 * Unreachable and forbidden are kinds of it.
 */
export class PlatformError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'platform'>> = {}) {
    super('KUBERNETES_API_ERROR', message, options);
  }
}

/** The platform did not answer: the API server gone, the embedded cluster not started (exit 5). */
export class PlatformUnreachableError extends PlatformError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'platformUnreachable'>> = {}) {
    // Its codes are not PlatformError's own: a PlatformError made with one would not be an instance of this.
    super(message, { code: 'KUBERNETES_UNREACHABLE', ...options } as unknown as RollbenchErrorOptions<
      CodeOf<'platform'>
    >);
  }
}

/** The platform refused us: credentials not accepted, RBAC (exit 5). */
export class PlatformForbiddenError extends PlatformError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'platformForbidden'>> = {}) {
    super(message, { code: 'KUBERNETES_FORBIDDEN', ...options } as unknown as RollbenchErrorOptions<
      CodeOf<'platform'>
    >);
  }
}

/** The target cannot start or roll out: replicas not ready, a crash loop, a progress deadline (exit 5). */
export class TargetError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'target'>> = {}) {
    super('REPLICAS_NOT_READY', message, options);
  }
}

/** The run passed, but what it changed could not all be put back: a node left cordoned, replicas (exit 7). */
export class RestoreIncompleteError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'leftChanged'>> = {}) {
    super('RESTORE_INCOMPLETE', message, options);
  }
}

/** Stopped by SIGINT, SIGTERM or SIGHUP (exit 130). */
export class InterruptedError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'interrupted'>> = {}) {
    super('INTERRUPTED', message, options);
  }
}

/** An unexpected failure: not the user's input, the platform or the target (exit 1). */
export class InternalError extends RollbenchError {
  constructor(message: string, options: RollbenchErrorOptions<CodeOf<'internal'>> = {}) {
    super('RUN_FAILED', message, options);
  }
}

/** Every error class, for `instanceof` and for the table of codes. */
export const ERROR_CLASSES = {
  usage: UsageError,
  invalidInput: InvalidInputError,
  platform: PlatformError,
  platformUnreachable: PlatformUnreachableError,
  platformForbidden: PlatformForbiddenError,
  target: TargetError,
  leftChanged: RestoreIncompleteError,
  interrupted: InterruptedError,
  internal: InternalError,
} as const satisfies Record<ErrorFamily, unknown>;

/** Bad usage of a command or library call (exit 2). */
export function usageError(message: string, hint?: string): UsageError {
  return new UsageError(message, hint === undefined ? {} : { hint });
}
