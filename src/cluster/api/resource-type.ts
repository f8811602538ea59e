import type { Shape } from './field-validation.js';
import type { KubeObject } from './object.js';
import type { Registry } from './registry.js';
import type { StatusCause } from './status.js';
import type { TableColumn } from './table.js';

/** The registry as hooks see it: enough to look at other objects (allocations, owners) while admitting one. */
export interface AdmissionContext {
  list(type: ResourceType, namespace?: string): KubeObject[];
  nowMs(): number;
}

/**
 * One kind the server serves: its place in discovery, and the per-kind semantics the generic handlers call —
 * defaulting, validation, table columns, field selectors. One file per resource family declares these.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The URL segment, `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources listed in discovery (`status`, `scale`, `log`, `eviction`); handlers for the non-generic ones. */
  subresources: string[];
  /** Whether `metadata.generation` exists and is bumped on a spec change. */
  hasGeneration: boolean;
  /** Verbs advertised in discovery; the usual seven unless a kind says otherwise. */
  verbs?: string[];
  columns: TableColumn[];
  /** The field names the kind accepts, for `?fieldValidation=Strict|Warn`; unchecked when absent. */
  fields?: Shape;
  /** Field selector keys beyond `metadata.name` / `metadata.namespace`, and how to read them. */
  fieldSelectors?: Record<string, (object: KubeObject) => string | undefined>;
  /** Fills in defaults, as the API server's defaulting does before validation. */
  defaults?(object: KubeObject): void;
  /** Problems with the object as a whole; the handler answers 422 with them as causes. */
  validate?(object: KubeObject, old: KubeObject | undefined): StatusCause[];
  /** Called once on create, after validation: allocations (cluster IPs, node ports), initial status. */
  prepareForCreate?(object: KubeObject, context: AdmissionContext): void;
  /** Called on every update of the main resource (not `/status`), after the old status was carried over. */
  prepareForUpdate?(object: KubeObject, old: KubeObject, context: AdmissionContext): void;
  /**
   * Graceful deletion: returns the object with `deletionTimestamp` set when it must linger (pods, until their
   * kubelet has stopped them), or undefined to remove it at once.
   */
  gracefulDelete?(object: KubeObject, gracePeriodSeconds: number | undefined, nowMs: number): KubeObject | undefined;
  /**
   * For kinds that are answered, not stored (SelfSubjectAccessReview): what a POST returns instead of
   * creating anything. A protobuf body arrives as its raw bytes.
   */
  review?(body: KubeObject | Buffer): KubeObject;
  /**
   * For kinds computed on each read, never stored (`metrics.k8s.io`): the objects that exist now, in one
   * namespace or all. Such a kind answers get and list only.
   */
  read?(registry: Registry, namespace: string | undefined): KubeObject[];
  /** Subresources with their own semantics, by name; `status` is generic and needs no entry. */
  handlers?: Record<string, (request: SubresourceRequest, registry: Registry) => SubresourceResponse>;
}

export const defaultVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** Where the store keeps a kind: unique per group and plural. */
export function storageKey(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

/** A request to a subresource served by a kind's own code (`scale`, `log`, `eviction`). */
export interface SubresourceRequest {
  method: string;
  namespace: string | undefined;
  name: string;
  query: URLSearchParams;
  contentType: string;
  body: unknown;
}

/** JSON to send, or text (`/log`); `status` defaults to 200. */
export interface SubresourceResponse {
  status?: number;
  json?: unknown;
  text?: string;
}
