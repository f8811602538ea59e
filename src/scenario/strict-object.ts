import * as z from 'zod';
import { suggestion } from './suggest.js';

/**
 * An object that rejects unknown fields (a typo would otherwise be silently ignored), naming the closest known
 * field. Zod raises one `unrecognized_keys` issue per object; its message holds one line per unknown key, in
 * the order of `issue.keys`, so that each key can be reported at its own line (see `unknownFieldMessages`).
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `unknown field${suggestion(key, known)}`).join('\n')
        : undefined,
  });
}

/** Splits the message of an `unrecognized_keys` issue from `strictObject` into one message per key. */
export function unknownFieldMessages(issue: {
  keys: string[];
  message: string;
}): Array<[key: string, message: string]> {
  const lines = issue.message.split('\n');
  return issue.keys.map((key, index) => [
    key,
    lines.length === issue.keys.length ? (lines[index] ?? '') : issue.message,
  ]);
}
