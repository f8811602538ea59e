import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { coreVersions, group, groupList, resourceList, versionInfo } from './discovery.js';
import type { ApiFaults } from './faults.js';
import { handleResource, type Reply, sendJson } from './handlers.js';
import { groupVersionDocument, openApiIndex } from './openapi.js';
import type { Registry } from './registry.js';
import { routeOf } from './routes.js';
import { ApiError } from './status.js';

export interface ApiServerOptions {
  /** 0 picks a free port. The server only ever listens on 127.0.0.1. */
  port: number;
  /** The bearer token every request but the public health and version paths must carry. */
  token: string;
  /** How often a watch that allows bookmarks gets one; the apiserver's is one minute. */
  bookmarkIntervalMs: number;
  /** The serving certificate and key, PEM. */
  tls: { certPem: string; keyPem: string };
  /** Faults to inject in the request path, for tests of clients; none when absent. */
  faults?: ApiFaults;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Paths the default RBAC role `system:public-info-viewer` opens to anyone. */
const publicPaths = new Set(['/healthz', '/readyz', '/livez', '/version']);

function authorized(request: IncomingMessage, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(token);
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const notFoundStatus = new ApiError(404, 'NotFound', 'the server could not find the requested resource');

function discovery(registry: Registry, segments: string[], serverAddress: string): unknown {
  const { types } = registry;
  const [root, ...rest] = segments;
  if (root === 'api' && rest.length === 0) return coreVersions(serverAddress);
  if (root === 'api' && rest.length === 1) return rest[0] === 'v1' ? resourceList(types, 'v1') : undefined;
  if (root === 'apis' && rest.length === 0) return groupList(types);
  if (root === 'apis' && rest.length === 1) return group(types, rest[0] ?? '');
  if (root === 'apis' && rest.length === 2) {
    const listed = resourceList(types, rest.join('/'));
    return (listed.resources as unknown[]).length > 0 ? listed : undefined;
  }
  if (root === 'version' && rest.length === 0) return versionInfo();
  if (root === 'openapi' && rest[0] === 'v3') {
    return rest.length === 1 ? openApiIndex(types) : groupVersionDocument(types, rest.slice(1).join('/'));
  }
  return undefined;
}

async function dispatch(
  registry: Registry,
  options: ApiServerOptions,
  serverAddress: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<Reply> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (['/healthz', '/readyz', '/livez'].includes(url.pathname)) return { status: 200, text: 'ok' };
  if (!publicPaths.has(url.pathname) && !authorized(request, options.token)) {
    throw new ApiError(401, 'Unauthorized', 'Unauthorized');
  }
  const fault = options.faults?.injected(request.method ?? 'GET', `${url.pathname}${url.search}`);
  if (fault !== undefined) throw fault;
  const segments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeURIComponent);
  const method = request.method ?? 'GET';
  const prefix = segments[0] === 'api' ? 2 : segments[0] === 'apis' ? 3 : 0;
  if (prefix > 0 && segments.length > prefix) {
    const groupVersion = segments.slice(1, prefix).join('/');
    const route = routeOf(registry.types, groupVersion, segments.slice(prefix));
    if (route === undefined) throw notFoundStatus;
    const settings = { bookmarkIntervalMs: options.bookmarkIntervalMs };
    return handleResource(
      registry,
      { ...route, query: url.searchParams, method, path: url.pathname },
      request,
      response,
      settings,
    );
  }
  const document = method === 'GET' ? discovery(registry, segments, serverAddress) : undefined;
  if (document === undefined) throw notFoundStatus;
  return { status: 200, json: document };
}

/** The Kubernetes API over HTTPS on loopback, authenticated by a bearer token. */
export async function startApiServer(registry: Registry, options: ApiServerOptions): Promise<ApiServer> {
  let serverAddress = '';
  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (request, response) => {
    dispatch(registry, options, serverAddress, request, response).then(
      (reply) => {
        if (reply === undefined) {
          options.faults?.watchOpened(response); // a watch: it streams on by itself
          return;
        }
        if ('text' in reply) {
          response.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(reply.text);
        } else sendJson(response, reply.status, reply.json);
      },
      (error: unknown) => {
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(500, 'InternalError', `Internal error occurred: ${String(error)}`);
        if (response.headersSent) response.end();
        else {
          const retry = apiError.details.retryAfterSeconds;
          if (retry !== undefined) response.setHeader('retry-after', String(retry));
          sendJson(response, apiError.code, apiError.toStatus());
        }
      },
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port, '127.0.0.1', () => listening());
  });
  const { port } = server.address() as AddressInfo;
  serverAddress = `127.0.0.1:${port}`;
  return {
    url: `https://${serverAddress}`,
    port,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        // Watches stay open for up to an hour; a stopping cluster ends them rather than waiting.
        server.closeAllConnections();
      }),
  };
}
