import type { FieldNote } from './rules.js';

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Fields still read under their old spelling for one release, each with the spelling to write instead. Read from
 * the file's data as written: the parsed scenario holds only the new spelling.
 */
export function deprecatedFields(data: unknown): FieldNote[] {
  const notes: FieldNote[] = [];
  const load = isMapping(data) && isMapping(data.load) ? data.load : {};
  if (typeof load.max === 'boolean') {
    const instead = load.max ? 'write model: closed' : 'remove it (the open model is the default) or write model: open';
    notes.push({
      path: ['load', 'max'],
      message: `max: ${load.max} is deprecated and removed in the next release: ${instead}`,
    });
  }
  // A scenario file speaks of rates (rate, rates, from/to/step) in rps; only the library's names carry the unit.
  const capacity = isMapping(data) && isMapping(data.capacity) ? data.capacity : {};
  if (typeof capacity.targetRps === 'number') {
    notes.push({
      path: ['capacity', 'targetRps'],
      message: `targetRps is deprecated and removed in the next release: write targetRate: ${capacity.targetRps}`,
    });
  }
  return notes;
}
