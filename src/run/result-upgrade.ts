/** Field names a result file may hold from an earlier rollbench, and what they are called now. */
const RENAMED_ACTION_FIELDS: Readonly<Record<string, string>> = {
  // A scale-down removes pods without replacing them.
  podsReplaced: 'podsRemoved',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parsed JSON of a result file with fields renamed since it was written given their current names, so that
 * `rollbench report`, `compare` and `recommend` read results saved by an earlier version. Anything else is left as
 * it is, for `checkResult` to judge. Pure: returns a new object where it renames, `data` itself otherwise.
 */
export function upgradeResult(data: unknown): unknown {
  if (!isObject(data) || !Array.isArray(data.actions)) return data;
  const actions = data.actions.map((action: unknown) => {
    if (!isObject(action)) return action;
    const renamed = Object.entries(action).map(([key, value]) => [RENAMED_ACTION_FIELDS[key] ?? key, value]);
    return Object.fromEntries(renamed);
  });
  return { ...data, actions };
}
