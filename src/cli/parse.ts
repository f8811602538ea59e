import { InvalidArgumentError, Option } from 'commander';
import { formatDurationMs, parseDurationMs } from '../core/duration.js';
import { parseErrorRate } from '../core/error-rate.js';
import { usageError } from '../core/errors.js';
import { headerProblem, methodProblem } from '../core/http-request.js';

// Option parsers for commander: each throws InvalidArgumentError, which commander turns into a one-line
// message naming the option ("option '--rate <rps>' argument '0' is invalid. ...") and we map to exit 2 —
// except headerOption, whose errors must not repeat the argument (see there).

/** A commander parser from one of rollbench's own, which throw a RangeError naming what is wrong. */
function optionParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

/** `500ms`, `10s`, `2m`, as ms. */
export const durationOption = optionParser(parseDurationMs);

/** A fraction (0.01) or a percentage (1%), as a fraction. */
export const errorRateOption = optionParser(parseErrorRate);

/** A duration option whose default --help shows as users write it (`30s`, not `30000`). */
export function durationFlag(flags: string, description: string, defaultMs: number): Option {
  return new Option(flags, description).argParser(durationOption).default(defaultMs, formatDurationMs(defaultMs));
}

export function positiveNumberOption(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`expected a number greater than 0, got "${text}"`);
  }
  return value;
}

/** A whole number, 0 included. */
export function countOption(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`expected a whole number (0 or more), got "${text}"`);
  }
  return value;
}

export function positiveIntegerOption(text: string): number {
  const value = positiveNumberOption(text);
  if (!Number.isInteger(value)) throw new InvalidArgumentError(`expected a whole number, got "${text}"`);
  return value;
}

/** `-m GET`: checked here so that the message names the flag, by the rule the library applies. */
export function methodOption(text: string): string {
  const problem = methodProblem(text);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return text;
}

/**
 * `-H 'name: value'`, repeatable; collects into a record. Its errors never repeat the argument, as commander's
 * would: a header may hold a token or a password.
 */
export function headerOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (name === '') throw usageError('-H, --header: expected "name: value", found no name before a colon');
  const value = text.slice(colon + 1).trim();
  const problem = headerProblem(name, value);
  if (problem !== undefined) throw usageError(`-H, --header ${name}: ${problem}`);
  return { ...previous, [name.toLowerCase()]: value };
}

/** A TCP port, 0 meaning any free one. */
export function portOption(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError(`not a port: "${text}"`);
  return port;
}
