import { type ErrorCode, MESSAGE_PREFIX, type RollbenchError } from '../core/errors.js';

/**
 * The line that gives an error's stable code (README's "Exit codes"), on a line of its own as npm prints
 * `npm error code E404`: a CI log can be searched for it, and the message lines stay as short as they were.
 */
export function codeLine(code: ErrorCode): string {
  return `code: ${code}\n`;
}

/** How the CLI prints an error for the user: its message, every further line, its hint, and its code. */
export function errorLines(err: RollbenchError): string {
  const lines = [err.message, ...err.details].map((line) => `${MESSAGE_PREFIX}${line}\n`);
  if (err.hint) lines.push(`hint: ${err.hint}\n`);
  return lines.join('') + codeLine(err.code);
}
