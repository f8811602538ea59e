import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the built-in target does on SIGTERM. */
export type SigtermBehaviour = 'exit' | 'drain' | 'ignore';

export interface SampleAppOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Default 127.0.0.1: the sample app is a local stand-in and never listens beyond loopback unless asked. */
  host: string;
  /** Replica name sent in the `x-rollbench-pod` header of every response. */
  name: string;
  /** Time before the app listens at all (connections are refused meanwhile), like an app booting, ms. */
  startupDelayMs: number;
  /** CPU burnt per request (busy loop), ms. */
  cpuMs: number;
  /** Time each request waits before it is answered, ms. */
  delayMs: number;
  /** Response body size, bytes. */
  bodyBytes: number;
  /**
   * `exit`: die at once, as many apps do (open connections are cut); `drain`: stop accepting, finish
   * requests in flight, close keep-alive connections, then exit; `ignore`: carry on (until SIGKILL).
   */
  onSigterm: SigtermBehaviour;
  /** Longest a drain waits for requests in flight before exiting anyway, ms. */
  drainTimeoutMs: number;
}

export const sampleAppDefaults: Omit<SampleAppOptions, 'name'> = {
  port: 0,
  host: '127.0.0.1',
  startupDelayMs: 0,
  cpuMs: 0,
  delayMs: 0,
  bodyBytes: 2,
  onSigterm: 'exit',
  drainTimeoutMs: 30_000,
};

export interface SampleApp {
  readonly url: string;
  readonly port: number;
  /** Begin the SIGTERM behaviour; resolves when the app has stopped serving (never, for `ignore`). */
  terminate(): Promise<void>;
  /** Stop now: close every connection. */
  close(): Promise<void>;
}

function burnCpu(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Busy on purpose: this is the per-request CPU work the sample app simulates.
  }
}

/**
 * The built-in target: answers `GET /` (with `?status=503&delayMs=100` overrides per request) and
 * `GET /healthz` (200 while serving, 503 once draining), naming itself in `x-rollbench-pod`.
 */
export async function startSampleApp(options: SampleAppOptions): Promise<SampleApp> {
  const body = Buffer.alloc(options.bodyBytes, 'ok');
  let draining = false;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sample-app');
    res.setHeader('x-rollbench-pod', options.name);
    // A draining server tells keep-alive clients to go elsewhere; without this, they keep coming back.
    if (draining) res.setHeader('connection', 'close');
    if (url.pathname === '/healthz') {
      res.writeHead(draining ? 503 : 200, { 'content-type': 'text/plain' }).end(draining ? 'draining' : 'ok');
      return;
    }
    const status = Number(url.searchParams.get('status') ?? 200);
    const delayMs = Number(url.searchParams.get('delayMs') ?? options.delayMs);
    const answer = () => {
      if (options.cpuMs > 0) burnCpu(options.cpuMs);
      res.writeHead(Number.isInteger(status) && status >= 200 && status < 600 ? status : 400, {
        'content-type': 'text/plain',
        'content-length': body.length,
      });
      res.end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 65_000;

  if (options.startupDelayMs > 0) await new Promise((done) => setTimeout(done, options.startupDelayMs));
  await new Promise<void>((listening, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => listening());
  });
  const { port } = server.address() as AddressInfo;
  const closed = new Promise<void>((done) => server.once('close', () => done()));

  return {
    url: `http://${options.host}:${port}`,
    port,
    async terminate() {
      if (options.onSigterm === 'ignore') return new Promise<void>(() => {});
      if (options.onSigterm === 'exit') {
        server.closeAllConnections();
        server.close();
        return closed;
      }
      draining = true;
      server.close(); // stops accepting; resolves 'close' when the last connection ends
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs);
      await closed;
      clearTimeout(deadline);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await closed;
    },
  };
}
