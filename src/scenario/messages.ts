import type * as z from 'zod';
import { formatPath } from './problems.js';
import { suggestion } from './suggest.js';

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** What the user wrote, in YAML's words. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/**
 * YAML reads a number beyond the largest double (1e309) as infinity, and `.inf` / `.nan` as such: no field takes
 * one, and "got null" (what JSON makes of them) would say nothing about what is wrong.
 */
function nonFinite(input: number): string {
  if (Number.isNaN(input)) return 'got .nan: not a number';
  return `the number is too ${input > 0 ? 'large' : 'small'}: it reads as ${input > 0 ? '' : '-'}infinity (not a finite number)`;
}

function invalidType(expected: string, input: unknown): string {
  if (input === undefined) return 'required';
  if (typeof input === 'number' && !Number.isFinite(input)) return nonFinite(input);
  const message = `expected ${expectedNames[expected] ?? expected}, got ${describeValue(input)}`;
  // YAML reads `x-test: 1` as a number; the fix is quoting, which is not obvious from "expected a string".
  return expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')
    ? `${message} (quote it: '${String(input)}')`
    : message;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin: string }): string {
  const limit = Number(issue.minimum ?? issue.maximum);
  const above = issue.minimum !== undefined;
  if (issue.origin === 'array') return above ? `needs at least ${limit} item(s)` : `takes at most ${limit} item(s)`;
  if (issue.origin === 'string') return above ? 'must not be empty' : `must be at most ${limit} characters`;
  // z.int()'s own bound, not one a field sets: the number is beyond what an integer can hold exactly.
  if (!above && limit === Number.MAX_SAFE_INTEGER) return `the number is too large: integers go up to ${limit}`;
  const relation = above ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `must be ${relation} ${limit}`;
}

function noDiscriminator(discriminator: string, options: readonly unknown[], input: unknown): string {
  const names = options.map(String);
  const value = isRecord(input) ? input[discriminator] : undefined;
  if (value === undefined) return `required: one of ${names.join(', ')}`;
  const near = typeof value === 'string' ? suggestion(value, names) : `; expected one of ${names.join(', ')}`;
  return `unknown ${discriminator} ${describeValue(value)}${near}`;
}

/**
 * A value no option of a union accepts. When exactly one option got past the type check ("abc%" is a string
 * but no percentage), its complaint is the one that helps; otherwise list the types the options take.
 */
function unionMessage(options: readonly z.core.$ZodIssue[][], input: unknown): string {
  const typed = options.filter((issues) => issues.some((issue) => issue.code !== 'invalid_type'));
  const first = typed.length === 1 ? typed[0]?.[0] : undefined;
  if (first !== undefined)
    return first.path.length === 0 ? first.message : `${formatPath(first.path)}: ${first.message}`;
  const expected = options
    .flat()
    .flatMap((issue) => (issue.code === 'invalid_type' && issue.path.length === 0 ? [issue.expected] : []));
  const names = [...new Set(expected.map((name) => expectedNames[name] ?? name))];
  return `expected ${names.join(' or ')}, got ${describeValue(input)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Zod's issues in the words of someone editing a YAML file ("expected an integer, got "three"", "required").
 * Passed to `safeParse` as the error map; a schema's own message (durations, percentages, names) wins over it.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue.expected, issue.input);
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value));
      if (values.length === 1) return `expected ${values[0]}, got ${describeValue(issue.input)}`;
      const near = typeof issue.input === 'string' ? suggestion(issue.input, issue.values.map(String)) : '';
      return `expected one of ${values.join(', ')}, got ${describeValue(issue.input)}${near.startsWith('; did') ? near : ''}`;
    }
    case 'invalid_union': {
      const options: unknown = 'options' in issue ? issue.options : undefined;
      return issue.discriminator !== undefined && Array.isArray(options)
        ? noDiscriminator(issue.discriminator, options, issue.input)
        : unionMessage(issue.errors, issue.input);
    }
    case 'invalid_key':
      // A record's key failed its own schema (`headers: { "bad header": x }`): say what that schema said.
      return issue.issues[0]?.message;
    default:
      return undefined;
  }
};
