import { mergeKeyOf } from '../../core/strategic-merge-keys.js';

/**
 * The strategic-merge patch that puts back, as they were, the fields another strategic-merge patch of a pod
 * template touches — and nothing else, so changes others made meanwhile to other fields stay. Lists merged by a
 * key (containers by name) are walked element by element; every other list is atomic and put back whole.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a restore changes, for people: `terminationGracePeriodSeconds`, `containers[app].lifecycle`. */
export interface TemplateRestore {
  patch: Json;
  fields: string[];
}

/**
 * `original`: the object as it was before `patch` (a typed client object reads the same: its field names are the
 * API's). A field the patch adds is deleted (`null`), one it changes or deletes gets its old value, a list element
 * it adds is deleted (`$patch: delete`).
 */
export function restorePatch(original: unknown, patch: Json): TemplateRestore {
  const fields: string[] = [];
  const walk = (before: unknown, changes: Json, path: string): Json => {
    const restore: Json = {};
    for (const [key, change] of Object.entries(changes)) {
      if (key.startsWith('$')) continue;
      const old = isObject(before) ? before[key] : undefined;
      const at = path === '' ? key : `${path}.${key}`;
      const mergeKey = Array.isArray(change) && Array.isArray(old) ? mergeKeyOf(key, [...change, ...old]) : undefined;
      if (old === undefined || old === null) {
        if (change === null) continue; // deleting what was not there
        restore[key] = null;
        fields.push(at);
      } else if (mergeKey !== undefined && Array.isArray(change) && Array.isArray(old)) {
        restore[key] = change.filter(isObject).map((element) => {
          const id = element[mergeKey];
          const match = old.find((candidate) => isObject(candidate) && candidate[mergeKey] === id);
          if (match === undefined) {
            fields.push(`${at}[${id}]`);
            return { [mergeKey]: id, $patch: 'delete' };
          }
          const { [mergeKey]: _key, ...changed } = element;
          return { [mergeKey]: id, ...walk(match, changed, `${at}[${id}]`) };
        });
      } else if (isObject(change) && isObject(old)) {
        restore[key] = walk(old, change, at);
      } else {
        restore[key] = structuredClone(old);
        fields.push(at);
      }
    }
    return restore;
  };
  return { patch: walk(original, patch, ''), fields };
}
