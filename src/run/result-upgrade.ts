/** Field names a result file may hold from an earlier rollbench, and what they are called now. */
const RENAMED_ACTION_FIELDS: Readonly<Record<string, string>> = {
  // A scale-down removes pods without replacing them.
  podsReplaced: 'podsRemoved',
};

/**
 * Where a timeline event's `subject` went, by event type: the action id, the run's phase, or (node events) nothing,
 * since `node` names the node too; any other event's subject was an object, `kind/name` or a Deployment's name.
 */
function upgradeEvent(event: Record<string, unknown>): Record<string, unknown> {
  const { subject, ...rest } = event;
  if (typeof subject !== 'string') return event;
  const type = String(event.type);
  if (type === 'action-started' || type === 'action-finished') return { ...rest, action: subject };
  if (type === 'phase-started') return { ...rest, runPhase: subject };
  if (type === 'node-cordoned' || type === 'node-uncordoned') return { node: subject, ...rest };
  return { ...rest, object: subject.includes('/') ? subject : `deployment/${subject}` };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parsed JSON of a version 2 result file as version 3 — fields renamed since it was written given their current
 * names — so that `rollbench report`, `compare` and `recommend` read results saved by an earlier version. Anything
 * else is left as it is, for `checkResult` to judge. Pure: `data` is not changed.
 */
export function upgradeResult(data: unknown): unknown {
  if (!isObject(data) || data.schemaVersion !== 2) return data;
  const upgraded: Record<string, unknown> = { ...data, schemaVersion: 3 };
  if (Array.isArray(data.actions)) {
    upgraded.actions = data.actions.map((action: unknown) => {
      if (!isObject(action)) return action;
      const renamed = Object.entries(action).map(([key, value]) => [RENAMED_ACTION_FIELDS[key] ?? key, value]);
      return Object.fromEntries(renamed);
    });
  }
  if (Array.isArray(data.timeline)) {
    upgraded.timeline = data.timeline.map((event: unknown) => (isObject(event) ? upgradeEvent(event) : event));
  }
  return upgraded;
}
