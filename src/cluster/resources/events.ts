import type { KubeObject } from '../api/object.js';
import type { ResourceType } from '../api/resource-type.js';
import { age, column } from '../api/table.js';

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
    column('Last Seen', 'string', 'Time when last this event was observed.', lastSeen),
    column('Type', 'string', 'Type of this event (Normal, Warning).', (e) => String(e.type ?? '')),
    column('Reason', 'string', 'Why the action was taken.', (e) => String(e.reason ?? '')),
    column('Object', 'string', 'The object that this event is about.', objectColumn),
    column('Subobject', 'string', 'The subobject this event is about.', (e) => involved('fieldPath')(e) ?? '', 1),
    column(
      'Source',
      'string',
      'The component reporting this event.',
      (e) => String((e.source as { component?: string } | undefined)?.component ?? ''),
      1,
    ),
    column('Message', 'string', 'A human-readable description of the status of this operation.', (e) =>
      String(e.message ?? ''),
    ),
    column(
      'First Seen',
      'string',
      'The time at which the event was first recorded.',
      (e, nowMs) => age(e.firstTimestamp as string | undefined, nowMs),
      1,
    ),
    column('Count', 'string', 'The number of times this event has occurred.', (e) => String(e.count ?? 1), 1),
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
