import type { Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { usageError } from '../../core/errors.js';
import { EndpointSet } from './endpoints.js';
import type { LocalProxy, ProxyMode, ProxyOptions, UpstreamFailureOutcome } from './types.js';

/** Options with every default filled in. */
export type ResolvedProxyOptions = Required<Omit<ProxyOptions, 'onEvent'>> & Pick<ProxyOptions, 'onEvent'>;

/** What both modes route to: an endpoint's name and port, plus whatever the mode adds. */
export interface Upstream {
  readonly name: string;
  readonly port: number;
}

/**
 * What the two modes share: the routed set with its delayed changes, listening on loopback and an
 * idempotent close. A mode supplies the server, how it opens and retires an upstream, and how it tears down.
 */
export abstract class ProxyBase<T extends Upstream> implements LocalProxy {
  abstract readonly mode: ProxyMode;
  protected readonly endpoints: EndpointSet<T>;
  protected closing = false;
  readonly #options: ResolvedProxyOptions;
  #port = 0;
  #closed: Promise<void> | undefined;

  constructor(options: ResolvedProxyOptions) {
    this.#options = options;
    this.endpoints = new EndpointSet<T>({
      propagationDelayMs: options.propagationDelayMs,
      jitterMs: options.jitterMs,
      delayAdditions: options.delayAdditions,
      onEvent: options.onEvent,
      open: (name, port) => this.open(name, port),
      retire: (upstream) => this.retire(upstream),
    });
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  addEndpoint(name: string, port: number): void {
    if (name === '') throw usageError('endpoint name must not be empty');
    if (!(Number.isInteger(port) && port > 0 && port < 65_536)) {
      throw usageError(`endpoint ${name}: port must be an integer in [1, 65535], got ${port}`);
    }
    this.endpoints.add(name, port);
  }

  removeEndpoint(name: string): void {
    this.endpoints.remove(name);
  }

  routedEndpoints(): string[] {
    return this.endpoints.names();
  }

  close(): Promise<void> {
    this.closing = true;
    this.endpoints.close();
    this.#closed ??= this.shutdown();
    return this.#closed;
  }

  /** Listen on 127.0.0.1 at the configured port (0: a free one). */
  async listen(): Promise<this> {
    const server = this.server();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.#options.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening on TCP');
    this.#port = address.port;
    return this;
  }

  /** Count an upstream failure and put it on the timeline with what the client got for it. */
  protected upstreamFailed(upstream: Upstream, code: string, outcome: UpstreamFailureOutcome): void {
    // Closing destroys every connection on purpose; those failures are ours, not the upstream's.
    if (this.closing) return;
    this.#options.onEvent?.({
      type: 'upstream-error',
      atMs: performance.now(),
      endpoint: upstream.name,
      code,
      outcome,
    });
  }

  protected abstract server(): Server;
  /** An endpoint starts being routed to. */
  protected abstract open(name: string, port: number): T;
  /** An endpoint stopped being routed to: what is in flight to it may finish. */
  protected abstract retire(upstream: T): void;
  /** Close the listener and every connection, client and upstream. Called once. */
  protected abstract shutdown(): Promise<void>;
}
