import type { KubeObject } from './object.js';
import type { ResourceType } from './resource-type.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest } from './status.js';
import type { IncludeObject } from './table.js';

/** What a list or watch asks for, read from its query and Accept header. */
export interface Selection {
  namespace: string | undefined;
  matches: (object: KubeObject) => boolean;
  /** kubectl asks for `Table` (server-side printing); anything else gets the objects. */
  asTable: boolean;
  includeObject: IncludeObject;
}

export function selectionOf(
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
  accept: string,
): Selection {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '', {
    'metadata.name': (object) => object.metadata.name,
    'metadata.namespace': (object) => object.metadata.namespace,
    ...type.fieldSelectors,
  });
  const includeObject = query.get('includeObject') ?? 'Metadata';
  if (includeObject !== 'None' && includeObject !== 'Metadata' && includeObject !== 'Object') {
    throw badRequest(`includeObject: unsupported value "${includeObject}"`);
  }
  return {
    namespace,
    matches: (object) => labels(object.metadata.labels) && fields(object),
    asTable: /;\s*as=Table/.test(accept),
    includeObject,
  };
}

/** `?watch=true` / `?watch=1`. */
export function isWatch(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}
