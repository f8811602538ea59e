import { isPlainObject } from './object.js';

/**
 * The field names a kind accepts, as deep as this server checks them: a nested shape, an array of a shape
 * (`[shape]`), or `true` for a field whose content is not checked (maps, probes, resources …).
 */
export type Shape = { [field: string]: Shape | [Shape] | true };

const any = true as const;

/** Every `fields` helper below marks a list of names as "present, content unchecked". */
export function fields(...names: string[]): Shape {
  return Object.fromEntries(names.map((name) => [name, any]));
}

export const objectMetaShape: Shape = fields(
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
);

/** The fields of an object no kind declares: `unknown field "spec.replcas"` as the strict JSON decoder words it. */
export function unknownFields(value: unknown, shape: Shape | [Shape] | true, path = ''): string[] {
  if (shape === true) return [];
  if (Array.isArray(shape)) {
    return Array.isArray(value)
      ? value.flatMap((element, index) => unknownFields(element, shape[0], `${path}[${index}]`))
      : [];
  }
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path === '' ? key : `${path}.${key}`;
    const known = shape[key];
    // Strategic merge patch directives are not fields.
    if (key.startsWith('$')) return [];
    return known === undefined ? [at] : unknownFields(child, known, at);
  });
}
