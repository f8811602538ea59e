import { mergeKeyOf, mergeKeys } from '../../core/strategic-merge-keys.js';
import { isPlainObject } from './object.js';
import { badRequest } from './status.js';

/** Lists of scalars merged as sets (`patchStrategy:"merge"` on a `[]string`). */
const mergedScalarLists = new Set(['finalizers']);

function mergeList(field: string, original: unknown, patch: unknown[]): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (mergedScalarLists.has(field)) return [...new Set([...base, ...patch])];
  const key = mergeKeyOf(field, [...patch, ...base]);
  if (key === undefined) return patch.map((element) => strategicMerge(undefined, element));
  const directive = patch.find((element) => isPlainObject(element) && element.$patch === 'replace');
  if (directive !== undefined) {
    return patch.filter((element) => element !== directive).map((element) => strategicMerge(undefined, element));
  }
  const result = base.map((element) => structuredClone(element));
  for (const element of patch) {
    if (!isPlainObject(element)) throw badRequest(`strategic merge patch: ${field} holds objects`);
    const index = result.findIndex((existing) => isPlainObject(existing) && existing[key] === element[key]);
    if (element.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], element);
    } else {
      result.push(strategicMerge(undefined, element));
    }
  }
  return result;
}

/**
 * Kubernetes strategic merge patch (`apimachinery/pkg/util/strategicpatch`) for the fields above: maps merge,
 * `null` deletes, keyed lists merge element by element, `$patch: replace|delete` act on a map or list element,
 * `$deleteFromPrimitiveList/<field>` removes scalars. The ordering directives kubectl's two-way diff adds
 * (`$setElementOrder/<field>`, `$retainKeys`) only affect order and pruning we do not need, so they are dropped.
 */
export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return strategicMerge(undefined, rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isPlainObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value))
        result[field] = current.filter((item) => !value.includes(item));
      continue;
    }
    if (value === null) delete result[key];
    else if (Array.isArray(value) && key in mergeKeys) result[key] = mergeList(key, result[key], value);
    else if (Array.isArray(value) && mergedScalarLists.has(key)) result[key] = mergeList(key, result[key], value);
    else {
      const merged = strategicMerge(result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    }
  }
  return result;
}
