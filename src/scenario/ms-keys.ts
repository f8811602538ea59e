/** Flattens an intersection into one object type, so that editors show its fields. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `T` with each key in `K` renamed to `<key>Ms`. */
export type WithMsKeys<T, K extends keyof T & string> = Simplify<Omit<T, K> & { [P in K as `${P}Ms`]: T[P] }>;

/**
 * Renames duration fields for the parsed scenario: the user writes `warmup: 5s`, code reads `warmupMs: 5000`, so
 * a unit is never guessed at. Keys absent from `value` stay absent.
 */
export function renameMs<T extends object, K extends keyof T & string>(value: T, keys: readonly K[]): WithMsKeys<T, K> {
  const renamed: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) {
    if (key in renamed) renamed[`${key}Ms`] = renamed[key];
    delete renamed[key];
  }
  return renamed as WithMsKeys<T, K>;
}
