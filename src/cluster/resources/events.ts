import type { KubeObject } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { age } from '../api/table.js';

/** `pod/web-1`: kubectl's OBJECT column. */
function objectColumn(event: KubeObject): string {
  const involved = (event.involvedObject ?? {}) as { kind?: string; name?: string };
  return `${String(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`;
}

function lastSeen(event: KubeObject, nowMs: number): string {
  const last = (event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp) as string | undefined;
  return age(last, nowMs);
}

function involved(field: string) {
  return (event: KubeObject) => (event.involvedObject as Record<string, string> | undefined)?.[field];
}

/** core/v1 Events, what `kubectl get events` lists and the controllers record. */
export const events: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  subresources: [],
  hasGeneration: false,
  columns: [
    {
      name: 'Last Seen',
      type: 'string',
      description: 'Time when last this event was observed.',
      priority: 0,
      cell: lastSeen,
    },
    {
      name: 'Type',
      type: 'string',
      description: 'Type of this event (Normal, Warning).',
      priority: 0,
      cell: (e) => String(e.type ?? ''),
    },
    {
      name: 'Reason',
      type: 'string',
      description: 'Why the action was taken.',
      priority: 0,
      cell: (e) => String(e.reason ?? ''),
    },
    {
      name: 'Object',
      type: 'string',
      description: 'The object that this event is about.',
      priority: 0,
      cell: objectColumn,
    },
    {
      name: 'Subobject',
      type: 'string',
      description: 'The subobject this event is about.',
      priority: 1,
      cell: (e) => involved('fieldPath')(e) ?? '',
    },
    {
      name: 'Source',
      type: 'string',
      description: 'The component reporting this event.',
      priority: 1,
      cell: (e) => String((e.source as { component?: string } | undefined)?.component ?? ''),
    },
    {
      name: 'Message',
      type: 'string',
      description: 'A human-readable description of the status of this operation.',
      priority: 0,
      cell: (e) => String(e.message ?? ''),
    },
    {
      name: 'First Seen',
      type: 'string',
      description: 'The time at which the event was first recorded.',
      priority: 1,
      cell: (e, nowMs) => age(e.firstTimestamp as string | undefined, nowMs),
    },
    {
      name: 'Count',
      type: 'string',
      description: 'The number of times this event has occurred.',
      priority: 1,
      cell: (e) => String(e.count ?? 1),
    },
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: 'The name of the event.',
      priority: 1,
      cell: (e) => e.metadata.name,
    },
  ],
  fieldSelectors: {
    'involvedObject.kind': involved('kind'),
    'involvedObject.name': involved('name'),
    'involvedObject.namespace': involved('namespace'),
    'involvedObject.uid': involved('uid'),
    'involvedObject.fieldPath': involved('fieldPath'),
    reason: (event) => event.reason as string | undefined,
    type: (event) => event.type as string | undefined,
    source: (event) => (event.source as { component?: string } | undefined)?.component,
  },
};
