import { InvalidArgumentError, Option } from 'commander';
import { formatDurationMs, parseDurationMs } from '../core/duration.js';

// Option parsers for commander: each throws InvalidArgumentError, which commander turns into a one-line
// message naming the option ("option '--rate <rps>' argument '0' is invalid. ...") and we map to exit 2.

export function durationOption(text: string): number {
  try {
    return parseDurationMs(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

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

export function positiveIntegerOption(text: string): number {
  const value = positiveNumberOption(text);
  if (!Number.isInteger(value)) throw new InvalidArgumentError(`expected a whole number, got "${text}"`);
  return value;
}

/** `-H 'name: value'`, repeatable; collects into a record. */
export function headerOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (name === '' || /\s/.test(name)) throw new InvalidArgumentError(`expected "name: value", got "${text}"`);
  return { ...previous, [name.toLowerCase()]: text.slice(colon + 1).trim() };
}
