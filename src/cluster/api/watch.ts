import type { ServerResponse } from 'node:http';
import type { KubeObject } from './object.js';
import type { Selection } from './query.js';
import { apiVersionOf, type ResourceType, storageKey } from './resource-type.js';
import { ApiError } from './status.js';
import type { ObjectStore, StoredEvent } from './store.js';
import { toTable } from './table.js';

export interface WatchOptions {
  /** Resume after this version; undefined or `0` starts with an ADDED event per existing object. */
  resourceVersion: string | undefined;
  allowBookmarks: boolean;
  /** The server closes the stream after this long, like `--min-request-timeout` × [1, 2) when unset. */
  timeoutMs: number;
  bookmarkIntervalMs: number;
}

/** The event a filtered watch sends for a write: leaving the selection is DELETED, entering it ADDED. */
function visibleType(event: StoredEvent, selection: Selection): StoredEvent['type'] | undefined {
  const inNamespace = (object: KubeObject) =>
    selection.namespace === undefined || object.metadata.namespace === selection.namespace;
  const now = inNamespace(event.object) && selection.matches(event.object);
  if (event.type !== 'MODIFIED' || event.previous === undefined) return now ? event.type : undefined;
  const before = inNamespace(event.previous) && selection.matches(event.previous);
  if (before && now) return 'MODIFIED';
  if (before) return 'DELETED';
  return now ? 'ADDED' : undefined;
}

/**
 * Streams a watch as the apiserver does: HTTP 200, chunked, one JSON event per line (`ADDED`, `MODIFIED`,
 * `DELETED`, `BOOKMARK`, or an `ERROR` carrying a Status — 410 Expired when the version asked for is no longer
 * kept, after which the stream ends). Subscribing and replaying happen in one turn of the event loop, so no
 * write falls between the replay and the live events.
 */
export function serveWatch(
  response: ServerResponse,
  store: ObjectStore,
  type: ResourceType,
  selection: Selection,
  options: WatchOptions,
): void {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  // The client's watch call returns on these headers, before any event: send them now, not with the first event.
  response.flushHeaders();
  const send = (eventType: string, object: unknown) =>
    response.write(`${JSON.stringify({ type: eventType, object })}\n`);
  const render = (object: KubeObject) =>
    selection.asTable
      ? toTable(type.columns, [object], {
          nowMs: store.nowMs(),
          includeObject: selection.includeObject,
          resourceVersion: object.metadata.resourceVersion,
        })
      : object;
  const bookmark = () =>
    send('BOOKMARK', {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(store.currentRevision) },
    });
  const deliver = (event: StoredEvent) => {
    const eventType = visibleType(event, selection);
    if (eventType !== undefined) send(eventType, render(event.object));
  };

  const resource = storageKey(type);
  const unsubscribe = store.subscribe((event) => {
    if (event.resource === resource) deliver(event);
  });
  const bookmarks = options.allowBookmarks ? setInterval(bookmark, options.bookmarkIntervalMs) : undefined;
  const deadline = setTimeout(() => {
    if (options.allowBookmarks) bookmark();
    stop();
  }, options.timeoutMs);
  const stop = () => {
    unsubscribe();
    clearInterval(bookmarks);
    clearTimeout(deadline);
    if (!response.writableEnded) response.end();
  };
  response.on('close', stop);

  const from = options.resourceVersion;
  if (from === undefined || from === '' || from === '0') {
    const existing = store.list(type, selection.namespace).filter(selection.matches);
    for (const object of existing) send('ADDED', render(object));
    return;
  }
  try {
    for (const event of store.eventsSince(type, Number(from))) deliver(event);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    send('ERROR', error.toStatus());
    stop();
  }
}
