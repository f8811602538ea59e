import type { IncomingMessage, ServerResponse } from 'node:http';
import { unknownFields } from './field-validation.js';
import type { KubeObject } from './object.js';
import { isEnvelope } from './protobuf.js';
import { isWatch, selectionOf } from './query.js';
import type { DeleteOptions, Registry } from './registry.js';
import { apiVersionOf, type ResourceType } from './resource-type.js';
import { badRequest, methodNotAllowed, notFound } from './status.js';
import { toTable } from './table.js';
import { serveWatch } from './watch.js';

/** A request for a kind, after routing: the namespace, name and subresource come from the URL. */
export interface ResourceRequest {
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: URLSearchParams;
  method: string;
  path: string;
}

export interface HandlerSettings {
  bookmarkIntervalMs: number;
}

/** What the caller sends back: JSON with a status code, plain text, or nothing (a watch wrote its own stream). */
export type Reply = { status: number; json: unknown } | { status: number; text: string } | undefined;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  response.end(JSON.stringify(body));
}

async function readBytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  return parseJsonBody(await readBytes(request));
}

function parseJsonBody(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * `?fieldValidation=`: kubectl sends `Strict` (its default `--validate`), and then leaves validation to the server.
 * Fields the kind does not declare are a 400 under Strict, a `Warning` header under Warn (the server's default),
 * nothing under Ignore.
 */
function validateFields(type: ResourceType, body: unknown, query: URLSearchParams, response: ServerResponse): void {
  const directive = query.get('fieldValidation') ?? 'Warn';
  if (type.fields === undefined || directive === 'Ignore') return;
  const unknown = unknownFields(body, type.fields).map((field) => `unknown field "${field}"`);
  if (unknown.length === 0) return;
  if (directive === 'Strict') {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${unknown.join(', ')}`,
    );
  }
  response.setHeader(
    'warning',
    unknown.map((text) => `299 - ${JSON.stringify(text)}`),
  );
}

function watchTimeoutMs(query: URLSearchParams): number {
  const seconds = query.get('timeoutSeconds');
  if (seconds !== null) return Number(seconds) * 1000;
  // The apiserver's `--min-request-timeout` (1800 s) times a random factor in [1, 2), so watches do not all end together.
  return 1_800_000 * (1 + Math.random());
}

function deleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const fromBody = (typeof body === 'object' && body !== null ? body : {}) as DeleteOptions;
  const grace = query.get('gracePeriodSeconds');
  return grace === null ? fromBody : { ...fromBody, gracePeriodSeconds: Number(grace) };
}

function listed(registry: Registry, type: ResourceType, namespace: string | undefined): KubeObject[] {
  return type.read === undefined ? registry.list(type, namespace) : type.read(registry, namespace);
}

function computed(registry: Registry, type: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const found = listed(registry, type, namespace).find((object) => object.metadata.name === name);
  if (found === undefined) throw notFound(type.plural, type.group, name);
  return found;
}

/**
 * The generic REST verbs on a kind: list / watch / get, create, update, patch, delete, and the `/status`
 * subresource; other subresources go to the kind's own handlers.
 */
export async function handleResource(
  registry: Registry,
  request: ResourceRequest,
  incoming: IncomingMessage,
  response: ServerResponse,
  settings: HandlerSettings,
): Promise<Reply> {
  const { type, namespace, name, subresource, query, method } = request;
  const contentType = incoming.headers['content-type'] ?? 'application/json';
  const accept = incoming.headers.accept ?? 'application/json';
  if (subresource !== undefined && subresource !== 'status') {
    const handler = type.handlers?.[subresource];
    if (handler === undefined || name === undefined) throw methodNotAllowed(method, request.path);
    const body = method === 'GET' ? undefined : await readBody(incoming);
    const reply = handler({ method, namespace, name, query, contentType, body }, registry);
    return reply.text === undefined
      ? { status: reply.status ?? 200, json: reply.json }
      : { status: reply.status ?? 200, text: reply.text };
  }
  const status = subresource === 'status' ? 'status' : undefined;
  if (type.read !== undefined && (method !== 'GET' || subresource !== undefined || isWatch(query))) {
    throw methodNotAllowed(method, request.path);
  }
  if (name === undefined) {
    if (method === 'GET') {
      const selection = selectionOf(type, namespace, query, accept);
      if (isWatch(query)) {
        const resourceVersion = query.get('resourceVersion') ?? undefined;
        if (resourceVersion !== undefined && resourceVersion !== '' && !/^\d+$/.test(resourceVersion)) {
          throw badRequest(`invalid resource version "${resourceVersion}"`);
        }
        serveWatch(response, registry.store, type, selection, {
          resourceVersion,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutMs: watchTimeoutMs(query),
          bookmarkIntervalMs: settings.bookmarkIntervalMs,
        });
        return undefined;
      }
      const items = listed(registry, type, namespace).filter(selection.matches);
      const resourceVersion = String(registry.store.currentRevision);
      if (selection.asTable) {
        const nowMs = registry.nowMs();
        return {
          status: 200,
          json: toTable(type.columns, items, { nowMs, includeObject: selection.includeObject, resourceVersion }),
        };
      }
      return {
        status: 200,
        json: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion }, items },
      };
    }
    if (method === 'POST' && type.review !== undefined) {
      const bytes = await readBytes(incoming);
      const body = isEnvelope(bytes) ? bytes : (parseJsonBody(bytes) as KubeObject);
      return { status: 201, json: type.review(body) };
    }
    if (method === 'POST' && (namespace !== undefined || !type.namespaced)) {
      const body = await readBody(incoming);
      validateFields(type, body, query, response);
      return { status: 201, json: registry.create(type, namespace, body) };
    }
    if (method === 'DELETE' && (namespace !== undefined || !type.namespaced)) {
      // deletecollection: each selected object is deleted as a DELETE of it would; the answer lists them.
      const selection = selectionOf(type, namespace, query, 'application/json');
      const options = deleteOptions(query, await readBody(incoming));
      const items = registry
        .list(type, namespace)
        .filter(selection.matches)
        .map((object) => registry.delete(type, namespace, object.metadata.name, options));
      const resourceVersion = String(registry.store.currentRevision);
      return {
        status: 200,
        json: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion }, items },
      };
    }
    throw methodNotAllowed(method, request.path);
  }
  switch (method) {
    case 'GET': {
      const object =
        type.read === undefined ? registry.get(type, namespace, name) : computed(registry, type, namespace, name);
      if (selectionOf(type, namespace, query, accept).asTable) {
        const table = toTable(type.columns, [object], {
          nowMs: registry.nowMs(),
          includeObject: (query.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? 'Metadata',
          resourceVersion: object.metadata.resourceVersion,
        });
        return { status: 200, json: table };
      }
      return { status: 200, json: object };
    }
    case 'PUT':
      return { status: 200, json: registry.update(type, namespace, name, await readBody(incoming), status) };
    case 'PATCH':
      return {
        status: 200,
        json: registry.patch(type, namespace, name, contentType, await readBody(incoming), status),
      };
    case 'DELETE':
      if (status !== undefined) break;
      return {
        status: 200,
        json: registry.delete(type, namespace, name, deleteOptions(query, await readBody(incoming))),
      };
  }
  throw methodNotAllowed(method, request.path);
}
