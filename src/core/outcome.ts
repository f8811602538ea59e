/**
 * Every request ends in exactly one outcome key: its HTTP status ("200", "502", ...) or the class of
 * transport failure ("ECONNREFUSED", "ECONNRESET", "TIMEOUT", ...). Status codes and transport errors
 * share one map, as in Fortio, so a report can show "502" next to "ECONNRESET" in the same time bucket.
 */
export type OutcomeKey = string;

/** Outcome key of a request that did not finish within its timeout. */
export const TIMEOUT: OutcomeKey = 'TIMEOUT';
/** Outcome key of a transport failure that carried no error code at all. */
const UNKNOWN_ERROR: OutcomeKey = 'ERROR';

// Interned strings for every possible status, so the hot path never formats a number.
const statusKeys: readonly string[] = Array.from({ length: 600 }, (_, status) => String(status));

/** The outcome key for an HTTP status code. */
export function statusOutcome(status: number): OutcomeKey {
  return statusKeys[status] ?? String(status);
}

/** True for outcomes that count as failed requests: anything that is not a 2xx or 3xx response. */
export function isFailure(key: OutcomeKey): boolean {
  // Character tests, not a regular expression: this runs once per request on the load's hot path.
  if (key.length !== 3) return true;
  const first = key.charCodeAt(0);
  return (first !== 50 && first !== 51) || !isDigit(key.charCodeAt(1)) || !isDigit(key.charCodeAt(2));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

// undici's own timeout codes, folded into the one key users look for; a connect timeout stays distinct
// because it says something different (the SYN went unanswered, no request was ever sent).
const aliases: Record<string, OutcomeKey> = {
  UND_ERR_HEADERS_TIMEOUT: TIMEOUT,
  UND_ERR_BODY_TIMEOUT: TIMEOUT,
  UND_ERR_CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
};

// Codes that only say "something below me failed": when the error carries a cause with a code, that is the
// real failure (fetch's TypeError wraps it, undici's SocketError may).
const wrapperCodes = new Set(['UND_ERR_SOCKET', 'UND_ERR_ABORTED', 'ABORT_ERR']);

interface CodedError {
  code?: unknown;
  cause?: { code?: unknown };
  errors?: Array<{ code?: unknown }>;
}

/**
 * Classifies a transport failure into an outcome key, looking at `err.code` and `err.cause.code`
 * (and the first of `err.errors` for the AggregateError that Node's happy-eyeballs connect throws).
 */
export function errorOutcome(err: unknown): OutcomeKey {
  if (typeof err !== 'object' || err === null) return UNKNOWN_ERROR;
  const { code, cause, errors } = err as CodedError;
  const causeCode = typeof cause === 'object' && cause !== null ? cause.code : undefined;
  let key: unknown = code;
  if (typeof causeCode === 'string' && (typeof code !== 'string' || wrapperCodes.has(code))) key = causeCode;
  if (typeof key !== 'string' && Array.isArray(errors)) key = errors[0]?.code;
  if (typeof key !== 'string' || key === '') return UNKNOWN_ERROR;
  return aliases[key] ?? key;
}
