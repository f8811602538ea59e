import { randomBytes } from 'node:crypto';
import { type KubeObject, kubeTime } from '../api/object.js';
import type { Registry } from '../api/registry.js';
import { ApiError } from '../api/status.js';
import { events } from '../resources/events.js';

export type EventType = 'Normal' | 'Warning';

/**
 * Records a core/v1 Event about `object`, as client-go's event recorder does: an identical event (same object,
 * reason and message) within the hour bumps `count` and `lastTimestamp` instead of adding another.
 */
export function recordEvent(
  registry: Registry,
  object: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  component: string,
): void {
  const namespace = object.metadata.namespace ?? 'default';
  const now = kubeTime(registry.nowMs());
  const same = registry
    .list(events, namespace)
    .find(
      (event) =>
        (event.involvedObject as { uid?: string }).uid === object.metadata.uid &&
        event.reason === reason &&
        event.message === message,
    );
  if (same !== undefined) {
    registry.mutate(events, namespace, same.metadata.name, (event) => {
      event.count = Number(event.count ?? 1) + 1;
      event.lastTimestamp = now;
    });
    return;
  }
  try {
    create(registry, object, namespace, { type, reason, message, component, now });
  } catch (error) {
    // A terminating namespace takes no new events; like client-go's recorder, drop it rather than fail the caller.
    if (!(error instanceof ApiError && error.code === 403)) throw error;
  }
}

function create(
  registry: Registry,
  object: KubeObject,
  namespace: string,
  event: { type: EventType; reason: string; message: string; component: string; now: string },
): void {
  const { type, reason, message, component, now } = event;
  registry.create(events, namespace, {
    metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      uid: object.metadata.uid,
      apiVersion: object.apiVersion,
      resourceVersion: object.metadata.resourceVersion,
    },
    reason,
    message,
    source: { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: '',
  });
}
