/**
 * The `l4` mode: a TCP proxy like kube-proxy (iptables or IPVS). Each client connection is pinned, when it connects,
 * to the next routed endpoint (round-robin), and bytes are copied both ways without parsing HTTP. A removal only
 * changes where new connections go: like conntrack keeping established flows, a keep-alive client keeps reaching a
 * terminating pod until the app itself closes the connection.
 *
 * Failures are passed on at the TCP level: an upstream reset (or refused connect) resets the client, an upstream
 * FIN ends the client's side. Half-closes are forwarded as they come, so either side may finish writing first.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { errorOutcome } from '../../core/outcome.js';
import { ProxyBase, type ResolvedProxyOptions, type Upstream } from './base.js';

export class L4Proxy extends ProxyBase<Upstream> {
  readonly mode = 'l4';
  readonly #tcp: Server;
  /** Every open socket, client and upstream, so that close() can destroy them. */
  readonly #sockets = new Set<Socket>();

  constructor(options: ResolvedProxyOptions) {
    super(options);
    this.#tcp = createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.#pin(client));
  }

  protected server(): Server {
    return this.#tcp;
  }

  protected open(name: string, port: number): Upstream {
    return { name, port };
  }

  protected retire(): void {
    // Nothing to release: connections already pinned to the endpoint carry on, which is the point of this mode.
  }

  protected async shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#tcp.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #pin(client: Socket): void {
    this.#track(client);
    const upstream = this.endpoints.pick();
    if (upstream === undefined) {
      // The connection is already accepted, so the ECONNREFUSED of kube-proxy's REJECT rule is out of reach: a reset
      // is the closest a user-space proxy can do. The client sees ECONNRESET (or a closed socket) instead.
      client.resetAndDestroy();
      return;
    }
    const server = connect({ host: '127.0.0.1', port: upstream.port, allowHalfOpen: true, noDelay: true });
    this.#track(server);
    // pipe() forwards each FIN as end() and applies backpressure both ways; errors are ours to pass on.
    client.pipe(server);
    server.pipe(client);
    server.on('error', (err) => {
      this.upstreamFailed(upstream, errorOutcome(err), 'reset');
      client.resetAndDestroy();
    });
    client.on('error', () => server.resetAndDestroy());
  }
}
