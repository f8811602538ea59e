import { randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject, type KubeObject } from './object.js';
import { applyPatch } from './patch.js';
import { type AdmissionContext, apiVersionOf, type ResourceType } from './resource-type.js';
import { ApiError, badRequest, conflict, invalid, notFound, required, type StatusCause } from './status.js';
import type { ObjectStore } from './store.js';

export type Subresource = 'status' | undefined;

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Patches are retried this often when a concurrent write wins, like the apiserver's `MaxRetryWhenPatchConflicts`. */
const patchConflictRetries = 5;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `generateName` suffix alphabet (`utilrand.String`): no vowels, so no words, and no confusable 0/1/3. */
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let suffix = '';
  for (let index = 0; index < 5; index++) suffix += nameAlphabet[randomInt(nameAlphabet.length)];
  return `${prefix}${suffix}`;
}

function nameCauses(object: KubeObject): StatusCause[] {
  const { name } = object.metadata;
  if (!name) return [{ ...required('metadata.name'), message: 'Required value: name or generateName is required' }];
  if (name.length > 253 || !dnsSubdomain.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      },
    ];
  }
  return [];
}

/**
 * The generic registry behind every kind: create, update (main resource or `/status`), patch, graceful delete,
 * with defaulting, validation, generation and optimistic concurrency. The HTTP handlers and the in-process
 * controllers both write through it, so a controller's write is admitted exactly like a client's.
 */
export class Registry implements AdmissionContext {
  constructor(
    readonly store: ObjectStore,
    readonly types: readonly ResourceType[],
    readonly namespaces: ResourceType,
  ) {}

  nowMs(): number {
    return this.store.nowMs();
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.store.list(type, namespace);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(type, namespace, name);
    if (found === undefined) throw notFound(type.plural, type.group, name);
    return found;
  }

  create(type: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
    const object = this.objectFrom(type, body);
    const written = object.metadata.namespace;
    if (type.namespaced && written !== undefined && written !== '' && written !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata = {
      ...object.metadata,
      namespace: type.namespaced ? namespace : undefined,
    } as KubeObject['metadata'];
    const home = namespace === undefined ? undefined : this.store.get(this.namespaces, undefined, namespace);
    if (type.namespaced && home === undefined) throw notFound('namespaces', '', namespace ?? '');
    if (type.namespaced && home?.metadata.deletionTimestamp !== undefined) {
      throw new ApiError(
        403,
        'Forbidden',
        `${type.plural} "${object.metadata.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = generatedName(object.metadata.generateName);
    }
    for (const field of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
      delete object.metadata[field];
    }
    type.defaults?.(object);
    this.validate(type, object, undefined);
    type.prepareForCreate?.(object, this);
    return this.store.create(type, object);
  }

  /** PUT: replaces the object, or only its status through `/status`; a no-op write keeps the old version. */
  update(type: ResourceType, namespace: string | undefined, name: string, body: unknown, subresource?: Subresource) {
    const submitted = this.objectFrom(type, body);
    if (submitted.metadata.name !== name) {
      throw badRequest('the name of the object does not match the name on the URL');
    }
    const old = this.get(type, namespace, name);
    let object: KubeObject;
    if (subresource === 'status') {
      object = { ...old, status: submitted.status };
      object.metadata = { ...old.metadata, resourceVersion: submitted.metadata.resourceVersion };
    } else {
      object = { ...submitted, metadata: { ...submitted.metadata } };
      if (type.subresources.includes('status')) object.status = old.status;
      for (const field of [
        'namespace',
        'uid',
        'creationTimestamp',
        'deletionTimestamp',
        'deletionGracePeriodSeconds',
      ] as const) {
        if (old.metadata[field] === undefined) delete object.metadata[field];
        else (object.metadata as unknown as Record<string, unknown>)[field] = old.metadata[field];
      }
      if (type.hasGeneration) {
        const specChanged = !isDeepStrictEqual(object.spec, old.spec);
        object.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      }
      type.defaults?.(object);
      this.validate(type, object, old);
      type.prepareForUpdate?.(object, old, this);
    }
    const { resourceVersion } = object.metadata;
    if (resourceVersion && resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    const unchanged = isDeepStrictEqual(
      { ...object, metadata: { ...object.metadata, resourceVersion: '' } },
      { ...old, metadata: { ...old.metadata, resourceVersion: '' } },
    );
    if (unchanged) return old;
    return this.store.update(type, {
      ...object,
      metadata: { ...object.metadata, resourceVersion: resourceVersion || old.metadata.resourceVersion },
    });
  }

  /** PATCH by Content-Type; re-applied on a conflict unless the patch itself pins `metadata.resourceVersion`. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    subresource?: Subresource,
  ): KubeObject {
    for (let attempt = 0; ; attempt++) {
      const current = this.get(type, namespace, name);
      const patched = applyPatch(contentType, current, patch);
      if (!isPlainObject(patched)) throw badRequest('the patch did not produce an object');
      const pinned =
        isPlainObject(patched.metadata) && patched.metadata.resourceVersion !== current.metadata.resourceVersion;
      try {
        return this.update(type, namespace, name, patched, subresource);
      } catch (error) {
        const isConflict = error instanceof ApiError && error.reason === 'Conflict';
        if (!isConflict || pinned || attempt >= patchConflictRetries) throw error;
      }
    }
  }

  /** Reads, changes and writes an object, retrying on a conflict: how a controller updates what it owns. */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (object: KubeObject) => void,
    subresource?: Subresource,
  ): KubeObject {
    for (let attempt = 0; ; attempt++) {
      const object = this.get(type, namespace, name);
      change(object);
      try {
        return this.update(type, namespace, name, object, subresource);
      } catch (error) {
        if (!(error instanceof ApiError && error.reason === 'Conflict') || attempt >= patchConflictRetries) throw error;
      }
    }
  }

  /**
   * DELETE: removes the object, or — for kinds with graceful deletion — marks it with `deletionTimestamp` and
   * leaves it for whoever finishes the job (a pod's kubelet). Returns what is left, or the removed object.
   */
  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    const current = this.get(type, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (
      (uid && uid !== current.metadata.uid) ||
      (resourceVersion && resourceVersion !== current.metadata.resourceVersion)
    ) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.plural} "${name}": the precondition was not met`,
      );
    }
    const lingering = type.gracefulDelete?.(current, options.gracePeriodSeconds, this.nowMs());
    if (lingering === undefined) return this.store.remove(type, namespace, name);
    return this.store.update(type, lingering);
  }

  private objectFrom(type: ResourceType, body: unknown): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the request body must be a JSON object');
    const object = structuredClone(body) as unknown as KubeObject;
    if (!isPlainObject(object.metadata)) object.metadata = {} as KubeObject['metadata'];
    if (object.kind !== undefined && object.kind !== type.kind) {
      throw badRequest(`the kind of the object (${object.kind}) does not match the URL (${type.kind})`);
    }
    if (object.apiVersion !== undefined && object.apiVersion !== apiVersionOf(type)) {
      throw badRequest(`the API version of the object (${object.apiVersion}) does not match ${apiVersionOf(type)}`);
    }
    return object;
  }

  private validate(type: ResourceType, object: KubeObject, old: KubeObject | undefined): void {
    const causes = [...(old === undefined ? nameCauses(object) : []), ...(type.validate?.(object, old) ?? [])];
    if (causes.length > 0) throw invalid(type.kind, type.group, object.metadata.name ?? '', causes);
  }
}
