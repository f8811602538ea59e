import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutcomeKey } from '../core/outcome.js';
import { PendingRequest, type RequestSink } from './http-client.js';
import type { HttpClientName, ResolvedLoadOptions } from './options.js';
import { newTransport } from './transports.js';

/**
 * Requests sent to warm the client: two on each of two connections run every function of the path (first calls
 * compile) in two round trips. Each round trip is a few event-loop turns, and on a busy machine every turn can wait
 * milliseconds for a core: 20 requests delayed the load's start by 150–480 ms there and cut short a run's first
 * capacity step.
 */
const WARMING_REQUESTS = 4;
/** Once a process has warmed a client, later loads with it (capacity steps) start at once. */
const warmed = new Set<HttpClientName>();

/**
 * Runs the HTTP client's whole path — connections, request, response parser (undici's WebAssembly is compiled on
 * first use), request handler — against a server inside this process, before the load's clock starts, so that none of the target's
 * requests pays for cold code. Measured on this machine: a cold process's first request took 13–38 ms against
 * 1.5 ms once warm, and under CPU contention the first 100 ms of a load queued behind it. The target sees none of
 * these requests. Bounded: gives up (quietly, as the load will then merely start cold) after `timeoutMs`.
 */
export async function warmHttpClient(options: ResolvedLoadOptions, timeoutMs = 2000): Promise<void> {
  if (warmed.has(options.httpClient)) return;
  warmed.add(options.httpClient);
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${port}/`);
  const transport = await newTransport({
    ...options,
    url,
    connections: 2,
    headers: {},
    body: undefined,
    method: 'GET',
    maxRequestsPerConnection: undefined,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await transport.open?.();
    const sent = new Promise<void>((resolve) => {
      let left = WARMING_REQUESTS;
      const sink: RequestSink = {
        podHeaders: [],
        complete(_request: PendingRequest, _key: OutcomeKey) {
          if (--left === 0) resolve();
        },
        written() {},
      };
      // All at once over two connections, so that the pool's queue is run through too.
      for (let i = 0; i < WARMING_REQUESTS; i++) transport.send(new PendingRequest(sink, 0, 0, 0));
    });
    await Promise.race([sent, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  } finally {
    clearTimeout(timer);
    // Closing is left to finish on its own: the load need not wait for it.
    void transport.destroy().then(
      () => closeServer(server),
      () => closeServer(server),
    );
  }
}

function closeServer(server: Server): void {
  server.closeAllConnections();
  server.close();
}
