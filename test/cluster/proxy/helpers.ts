import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { LocalProxy, ProxyEvent, ProxyOptions } from '../../../src/cluster/proxy/index.js';
import { startProxy } from '../../../src/cluster/proxy/index.js';
import { errorOutcome } from '../../../src/core/outcome.js';
import { type SampleApp, sampleAppDefaults, startSampleApp } from '../../../src/platform/local/sample-app.js';
import { startTargetServer, type TargetServer } from '../../support/target-server.js';
import { until } from '../../support/until.js';

/** What a client got: a status and the headers that name the pod or the failed upstream, or a transport error. */
export interface Reply {
  /** A status code (`"200"`, `"502"`) or a transport error's outcome key (`"ECONNRESET"`, ...). */
  outcome: string;
  pod: string | undefined;
  upstream: string | undefined;
  body: string;
  /** When the request was sent, ms since the origin passed to `send` (default: performance.now() origin). */
  sentMs: number;
}

/** Everything a test opened, closed after each test whatever happened. */
export class Fixture {
  readonly events: ProxyEvent[] = [];
  readonly #closers: Array<() => Promise<unknown>> = [];

  async proxy(options: ProxyOptions): Promise<LocalProxy> {
    const proxy = await startProxy({ onEvent: (event) => this.events.push(event), ...options });
    this.#closers.push(() => proxy.close());
    return proxy;
  }

  /** Sample apps named after their replica, as the local platform would start them, by name. */
  apps<const Name extends string>(...names: Name[]): Promise<Record<Name, SampleApp>> {
    // A test may have closed an app itself (its pod's SIGTERM): closing it again must not fail the test.
    return this.#named(
      names,
      (name) => startSampleApp({ ...sampleAppDefaults, name }),
      (app) => app.close().catch(() => {}),
    );
  }

  /** A keep-alive client with `connections` sockets at most (1: every request on the same connection). */
  client(url: string, connections = 1): Pool {
    const pool = new Pool(url, { connections, pipelining: 1 });
    this.#closers.push(() => pool.destroy());
    return pool;
  }

  /** When the removal of `endpoint` took effect (its `endpoint-removed` event), on performance.now()'s clock. */
  removedAtMs(endpoint: string): number | undefined {
    return this.events.find((event) => event.type === 'endpoint-removed' && event.endpoint === endpoint)?.atMs;
  }

  /**
   * Waits until the removal of `endpoint` took effect, however late a loaded machine ran it (at most 10 s); resolves
   * with how long after it was asked (the two events' times, ms), to compare with the configured delay.
   */
  async removal(endpoint: string): Promise<number> {
    await until(() => this.removedAtMs(endpoint) !== undefined);
    const requested = this.events.find((e) => e.type === 'endpoint-remove-requested' && e.endpoint === endpoint);
    return (this.removedAtMs(endpoint) ?? 0) - (requested?.atMs ?? 0);
  }

  /** For sendUntil: true once `extraMs` have passed since the removal of `endpoint` took effect, however late. */
  pastRemoval(endpoint: string, extraMs = 150): () => boolean {
    return () => performance.now() > (this.removedAtMs(endpoint) ?? Number.POSITIVE_INFINITY) + extraMs;
  }

  /** Target servers (test/support) naming themselves like pods, for tests that count what each endpoint received. */
  targets<const Name extends string>(...names: Name[]): Promise<Record<Name, TargetServer>> {
    return this.#named(names, (name) => startTargetServer({ pod: name }));
  }

  /** Starts one server per name, in order, each closed with the fixture (by `close`, default its own). */
  async #named<Name extends string, T extends { close(): Promise<unknown> }>(
    names: Name[],
    start: (name: Name) => Promise<T>,
    close: (server: T) => Promise<unknown> = (server) => server.close(),
  ): Promise<Record<Name, T>> {
    const started = {} as Record<Name, T>;
    for (const name of names) {
      const server = await start(name);
      this.#closers.push(() => close(server));
      started[name] = server;
    }
    return started;
  }

  /** Register anything else to close. */
  onClose(close: () => Promise<unknown>): void {
    this.#closers.push(close);
  }

  async close(): Promise<void> {
    // Clients first, then the proxy, then the apps: the reverse of how traffic flows.
    for (const close of this.#closers.splice(0).reverse()) await close();
  }
}

/** One request; never throws: a transport failure becomes its outcome key. */
export async function send(
  client: Pool,
  path = '/',
  originMs = 0,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const sentMs = performance.now() - originMs;
  try {
    const res = await client.request({ path, method: options.method ?? 'GET', ...options });
    const header = (name: string) => {
      const value = res.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const body = await res.body.text();
    return {
      outcome: String(res.statusCode),
      pod: header('x-rollbench-pod'),
      upstream: header('x-rollbench-upstream'),
      body,
      sentMs,
    };
  } catch (err) {
    return { outcome: errorOutcome(err), pod: undefined, upstream: undefined, body: '', sentMs };
  }
}

/** Longest sendUntil sends for when it waits for a condition. */
const SEND_LIMIT_MS = 10_000;

/**
 * `concurrency` loops, each sending its next request when the last ends, until `untilMs` after `originMs` — or,
 * given a condition, until it holds (a removal taking effect, which a loaded machine may delay; at most 10 s).
 */
export async function sendUntil(
  client: Pool,
  originMs: number,
  until: number | (() => boolean),
  concurrency = 1,
): Promise<Reply[]> {
  const replies: Reply[] = [];
  const goOn =
    typeof until === 'number'
      ? () => performance.now() - originMs < until
      : () => !until() && performance.now() - originMs < SEND_LIMIT_MS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (goOn()) replies.push(await send(client, '/', originMs));
    }),
  );
  return replies.sort((a, b) => a.sentMs - b.sentMs);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? 'none';
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
