/** A scenario's or run spec's target, which the test wrote as a local one: narrowed, or the test fails. */
export function local<T extends { platform: string }>(target: T): Extract<T, { platform: 'local' }> {
  if (target.platform !== 'local') throw new Error(`expected a local target, got ${target.platform}`);
  return target as Extract<T, { platform: 'local' }>;
}
