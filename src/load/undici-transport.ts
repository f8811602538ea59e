import { type Dispatcher, Pool } from 'undici';
import type { PendingRequest, Transport } from './http-client.js';
import type { ResolvedLoadOptions } from './options.js';
import { SpareSockets } from './spare-sockets.js';

/** HTTP/1.1 over an undici Pool: keep-alive, `connections` sockets, no pipelining, raw dispatch. */
export class HttpTransport implements Transport {
  readonly #pool: Pool;
  readonly #request: Dispatcher.DispatchOptions;
  readonly #spares: SpareSockets;
  readonly #url: URL;
  readonly #connections: number;

  constructor(options: ResolvedLoadOptions) {
    this.#url = options.url;
    this.#connections = options.connections;
    this.#spares = new SpareSockets({ connectTimeoutMs: options.timeoutMs });
    this.#pool = new Pool(options.url.origin, {
      connections: options.connections,
      pipelining: 1,
      // Our own sweep ends requests at timeoutMs; undici's timers (coarse, ~1 s) are only a backstop.
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
      connect: this.#spares.connect,
      ...(options.maxRequestsPerConnection === undefined
        ? {}
        : { maxRequestsPerClient: options.maxRequestsPerConnection }),
    });
    this.#request = {
      path: options.url.pathname + options.url.search,
      method: options.method as Dispatcher.HttpMethod,
      headers: options.headers,
      body: options.body ?? null,
    };
  }

  /** Opens every connection the pool may use (`connections`); the pool takes them as it needs them. */
  open(): Promise<void> {
    return this.#spares.open(this.#url, this.#connections);
  }

  send(request: PendingRequest): void {
    this.#pool.dispatch(this.#request, request);
  }

  close(): Promise<void> {
    this.#spares.close();
    // Every request has an outcome by now, so any the pool still holds timed out while queued. A graceful close
    // would wait for each to reach a connection only to be dropped — against a refusing target, one failed connect
    // after another, for seconds — while destroying fails them at once.
    return this.#pool.stats.size > 0 ? this.#pool.destroy() : this.#pool.close();
  }

  destroy(): Promise<void> {
    this.#spares.close();
    return this.#pool.destroy();
  }
}
