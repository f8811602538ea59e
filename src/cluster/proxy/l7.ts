/**
 * The `l7` mode: an HTTP/1.1 reverse proxy like an ingress controller, Envoy or nginx. Clients keep connections
 * alive to the proxy; every request is routed on its own, round-robin over the routed endpoints, through keep-alive
 * connections per endpoint (`h1-upstream.ts`, on plain sockets: 850 µs of CPU per proxied request against 1,156 for
 * the undici Pool it replaced, bench/results/kube-proxy-2026-11-29-l7-client.json). So
 * once a removal takes effect, no further request reaches that endpoint, whichever client connection it arrives on.
 *
 * Method, path, end-to-end headers (Host included, as Envoy does) and bodies pass through both ways, streamed chunk by
 * chunk; hop-by-hop headers are dropped on each side, as RFC 9110 asks. No `x-forwarded-*` headers are added.
 *
 * Failed requests are never retried, on purpose: a retry would hide exactly the failures rollbench measures. (Envoy
 * does not retry by default either; nginx does for idempotent requests unless `proxy_next_upstream off`.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ProxyBase, type ResolvedProxyOptions, type Upstream } from './base.js';
import { H1Upstream } from './h1-upstream.js';
import type { FailureSink, UpstreamClient } from './l7-http.js';

interface ClientUpstream extends Upstream {
  readonly client: UpstreamClient;
}

/** Longer than any client's idle timeout (undici: 4 s), so the proxy never races a client to close an idle socket. */
const CLIENT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

const NO_ENDPOINTS_BODY = 'no endpoints: the service has no routed endpoint\n';
const NO_ENDPOINTS_HEADERS = {
  'content-type': 'text/plain',
  'content-length': Buffer.byteLength(NO_ENDPOINTS_BODY),
};

export class L7Proxy extends ProxyBase<ClientUpstream> {
  readonly mode = 'l7';
  readonly #http: Server;
  /** Every upstream client not yet closed: routed ones, and retired ones still finishing their requests. */
  readonly #clients = new Set<UpstreamClient>();
  readonly #upstreamTimeoutMs: number;
  readonly #failed: FailureSink = (upstream, code, outcome) => this.upstreamFailed(upstream, code, outcome);

  constructor(options: ResolvedProxyOptions) {
    super(options);
    this.#upstreamTimeoutMs = options.upstreamTimeoutMs;
    this.#http = createServer({ keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS }, (req, res) => this.#route(req, res));
  }

  protected server(): Server {
    return this.#http;
  }

  protected open(name: string, port: number): ClientUpstream {
    const upstream = { name, port };
    const client = new H1Upstream(upstream, this.#upstreamTimeoutMs, this.#failed);
    this.#clients.add(client);
    return { ...upstream, client };
  }

  protected retire(upstream: ClientUpstream): void {
    const { client } = upstream;
    // Graceful: requests already sent to it finish, then its connections close.
    client.close().finally(() => this.#clients.delete(client));
  }

  protected async shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    this.#http.closeAllConnections();
    await Promise.all([closed, ...[...this.#clients].map((client) => client.destroy())]);
    this.#clients.clear();
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const upstream = this.endpoints.pick();
    if (upstream === undefined) {
      res.writeHead(503, NO_ENDPOINTS_HEADERS).end(NO_ENDPOINTS_BODY);
      return;
    }
    upstream.client.forward(req, res);
  }
}
