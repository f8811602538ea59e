import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { TimelineEvent, TimelineEventType } from './types.js';
import type { Change } from './watch-resume.js';

interface EndpointView {
  pod: string;
  node?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** The endpoints of one slice by pod uid, with the API's defaults: nil ready/serving is true, nil terminating false. */
function endpointsOf(slice: V1EndpointSlice | undefined): Map<string, EndpointView> {
  const views = new Map<string, EndpointView>();
  for (const endpoint of slice?.endpoints ?? []) {
    const ref = endpoint.targetRef;
    const key = ref?.uid ?? ref?.name ?? endpoint.addresses.join(',');
    const ready = endpoint.conditions?.ready !== false;
    views.set(key, {
      pod: ref?.name ?? endpoint.addresses.join(','),
      ...(endpoint.nodeName === undefined ? {} : { node: endpoint.nodeName }),
      ready,
      serving: endpoint.conditions?.serving ?? ready,
      terminating: endpoint.conditions?.terminating === true,
    });
  }
  return views;
}

/**
 * The Service's endpoints across all its EndpointSlices, turned into timeline events: `endpoint-added` when a pod's
 * address becomes ready in some slice, `endpoint-removed` when it stops being ready in every slice or leaves them
 * (the moment kube-proxy stops sending it new connections), `endpoint-gone` when it leaves the last of them (its
 * pod deleted): the two bound how long the slice listed a terminating pod. A pod moving between slices is neither.
 */
export class EndpointTracker {
  readonly #slices = new Map<string, Map<string, EndpointView>>();
  #effective = new Map<string, EndpointView>();

  /** The events of one slice change; the first list's state is recorded without events (no time is known for it). */
  apply(change: Change<V1EndpointSlice>): TimelineEvent[] {
    const slice = change.current ?? change.previous;
    const key = slice?.metadata?.uid ?? slice?.metadata?.name ?? '';
    if (change.current === undefined) this.#slices.delete(key);
    else this.#slices.set(key, endpointsOf(change.current));
    const before = this.#effective;
    this.#effective = this.#merge();
    if (change.origin === 'initial') return [];
    const events: TimelineEvent[] = [];
    for (const uid of new Set([...before.keys(), ...this.#effective.keys()])) {
      const was = before.get(uid);
      const now = this.#effective.get(uid);
      const view = now ?? was;
      const event = (type: TimelineEventType): TimelineEvent => ({
        atMs: change.atMs,
        type,
        pod: view?.pod ?? uid,
        uid,
        ...(view?.node === undefined ? {} : { node: view.node }),
        endpoint: {
          ready: now?.ready ?? false,
          serving: now?.serving ?? false,
          terminating: now?.terminating ?? true,
        },
        ...(now === undefined ? { detail: 'left the EndpointSlice' } : {}),
        source: 'client',
      });
      const wasReady = was?.ready ?? false;
      const isReady = now?.ready ?? false;
      if (wasReady !== isReady) events.push(event(isReady ? 'endpoint-added' : 'endpoint-removed'));
      if (was !== undefined && now === undefined) events.push(event('endpoint-gone'));
    }
    return events;
  }

  #merge(): Map<string, EndpointView> {
    const merged = new Map<string, EndpointView>();
    for (const views of this.#slices.values()) {
      for (const [uid, view] of views) {
        const other = merged.get(uid);
        if (other === undefined || (view.ready && !other.ready)) merged.set(uid, view);
      }
    }
    return merged;
  }
}
