import type * as z from 'zod';

/** The problems found so far while parsing a scenario (what a refinement's `ctx.issues` holds). */
export type Issues = z.core.$ZodRawIssue[];

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const length = Math.min(a.length, b.length);
  return a.slice(0, length).every((segment, index) => segment === b[index]);
}

/**
 * True when no problem was found at, under or above `path`: its value is then parsed and can be compared with
 * others. An unknown field says nothing about its siblings' values, so it does not count.
 */
export function isParsed(issues: Issues, ...path: PropertyKey[]): boolean {
  return !issues.some((issue) => issue.code !== 'unrecognized_keys' && overlaps(issue.path ?? [], path));
}

/** A target whose `platform` matched: its fields were parsed by that platform's schema, not left as written. */
export function isTargetParsed(issues: Issues, field: string): boolean {
  return isParsed(issues, 'target', 'platform') && isParsed(issues, 'target', field);
}

/** Disruptions in the order a run performs them (by start time, then as written), with their index in the file. */
export function inTimeOrder<D extends { atMs: number }>(
  disruptions: readonly D[],
): Array<{ disruption: D; index: number }> {
  return disruptions
    .map((disruption, index) => ({ disruption, index }))
    .sort((a, b) => a.disruption.atMs - b.disruption.atMs || a.index - b.index);
}
