import { randomUUID } from 'node:crypto';
import { type KubeObject, kubeTime } from './object.js';
import { apiVersionOf, type ResourceType, storageKey } from './resource-type.js';
import { alreadyExists, conflict, gone, notFound } from './status.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: WatchEventType;
  /** `storageKey` of the kind. */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED write, so a filtered watch can tell "left the selection" from "changed". */
  previous?: KubeObject;
  resourceVersion: number;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * The versioned object store, like etcd behind the apiserver's watch cache: every write takes the next value of
 * one global counter as its `resourceVersion`, and the last `historyLimit` writes are kept so a watch can resume
 * from any version since; older ones answer 410 Gone. Objects are copied in and out, so nobody aliases them.
 */
export class ObjectStore {
  private revision = 0;
  /** Versions up to this one are no longer in `history`: resuming from before it is 410. */
  private compactedThrough = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoredEvent[] = [];
  private readonly subscribers = new Set<(event: StoredEvent) => void>();

  constructor(
    private readonly historyLimit = 10_000,
    readonly nowMs: () => number = Date.now,
  ) {}

  /** The newest resourceVersion: what a list answers in `metadata.resourceVersion`. */
  get currentRevision(): number {
    return this.revision;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(type).get(objectKey(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Every object of the kind, or only those in `namespace`, sorted by namespace and name like etcd keys. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const all = [...this.bucket(type).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return all
      .map(([, object]) => object)
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .map((object) => structuredClone(object));
  }

  create(type: ResourceType, object: KubeObject): KubeObject {
    const { namespace, name } = object.metadata;
    const bucket = this.bucket(type);
    if (bucket.has(objectKey(namespace, name))) throw alreadyExists(type.plural, type.group, name);
    const stored = structuredClone(object);
    stored.apiVersion = apiVersionOf(type);
    stored.kind = type.kind;
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = kubeTime(this.nowMs());
    if (type.hasGeneration) stored.metadata.generation = 1;
    return this.write(type, 'ADDED', stored);
  }

  /**
   * Replaces the stored object. A `resourceVersion` in the new object must match the stored one (optimistic
   * concurrency, 409 Conflict otherwise); an empty one means "whatever is there", like an unconditional update.
   */
  update(type: ResourceType, object: KubeObject): KubeObject {
    const { namespace, name, resourceVersion } = object.metadata;
    const old = this.bucket(type).get(objectKey(namespace, name));
    if (old === undefined) throw notFound(type.plural, type.group, name);
    if (resourceVersion && resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    const stored = structuredClone(object);
    stored.apiVersion = apiVersionOf(type);
    stored.kind = type.kind;
    stored.metadata.uid = old.metadata.uid;
    stored.metadata.creationTimestamp = old.metadata.creationTimestamp;
    return this.write(type, 'MODIFIED', stored, old);
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const bucket = this.bucket(type);
    const old = bucket.get(objectKey(namespace, name));
    if (old === undefined) throw notFound(type.plural, type.group, name);
    bucket.delete(objectKey(namespace, name));
    return this.record(type, 'DELETED', structuredClone(old));
  }

  /** The writes after `resourceVersion` to this kind; 410 Gone when some of them are no longer kept. */
  eventsSince(type: ResourceType, resourceVersion: number): StoredEvent[] {
    if (resourceVersion < this.compactedThrough) {
      throw gone(String(resourceVersion), String(this.compactedThrough + 1));
    }
    const resource = storageKey(type);
    return this.history.filter((event) => event.resourceVersion > resourceVersion && event.resource === resource);
  }

  /** Drops the whole write history, as etcd's compaction does: resuming from any older version is 410. */
  compact(): number {
    this.history.length = 0;
    this.compactedThrough = this.revision;
    return this.revision;
  }

  /** Calls `listener` after every write from now on; returns the unsubscribe function. */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  private write(type: ResourceType, kind: WatchEventType, object: KubeObject, previous?: KubeObject): KubeObject {
    const recorded = this.record(type, kind, object, previous);
    this.bucket(type).set(objectKey(object.metadata.namespace, object.metadata.name), recorded);
    return structuredClone(recorded);
  }

  /** Listeners get the stored objects themselves: they must only read them. */
  private record(type: ResourceType, kind: WatchEventType, object: KubeObject, previous?: KubeObject): KubeObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const event: StoredEvent = {
      type: kind,
      resource: storageKey(type),
      object,
      ...(previous === undefined ? {} : { previous }),
      resourceVersion: this.revision,
    };
    this.history.push(event);
    while (this.history.length > this.historyLimit) {
      this.compactedThrough = this.history.shift()?.resourceVersion ?? this.compactedThrough;
    }
    for (const listener of this.subscribers) listener(event);
    return object;
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const key = storageKey(type);
    let bucket = this.objects.get(key);
    if (bucket === undefined) {
      bucket = new Map();
      this.objects.set(key, bucket);
    }
    return bucket;
  }
}
