import { performance } from 'node:perf_hooks';
import type { ProxyEvent } from './types.js';

/** How a proxy mode connects an endpoint set to its upstreams. */
export interface EndpointSetOptions<T> {
  /** Delay before a removal (and, with `delayAdditions`, an addition) takes effect, ms. */
  propagationDelayMs: number;
  /** Extra uniformly random delay in `[0, jitterMs]` per change, ms. */
  jitterMs: number;
  delayAdditions: boolean;
  onEvent: ((event: ProxyEvent) => void) | undefined;
  /** An addition took effect: returns what the proxy routes to (a connection pool, an address). */
  open(name: string, port: number): T;
  /** An endpoint stopped being routed to (removed or replaced): release what `open` returned. */
  retire(upstream: T): void;
  /** Clock for event times, ms. Default `performance.now`. */
  now?: () => number;
  /** Uniform random number in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
}

interface Routed<T> {
  readonly name: string;
  readonly port: number;
  readonly upstream: T;
}

/** The latest change asked for an endpoint name; `seq` orders changes across all names. */
interface Requested {
  readonly seq: number;
  /** Undefined: removal requested. */
  readonly port: number | undefined;
}

/**
 * The routed set of a proxy, as the proxy sees it: changes requested now take effect after the propagation delay,
 * like kube-proxy or an ingress controller learning about EndpointSlice changes some time after the API server.
 *
 * Changes to one name can overlap (remove, then add back before the removal took effect) and, with jitter, take
 * effect out of order. The latest request wins: a change is skipped when a later one for the same name has already
 * taken effect, so the set always ends where the last call said.
 */
export class EndpointSet<T> {
  readonly #options: EndpointSetOptions<T>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #requested = new Map<string, Requested>();
  /** Seq of the latest change that took effect, per name. */
  readonly #applied = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #routed: Array<Routed<T>> = [];
  #cursor = 0;
  #seq = 0;
  #closed = false;

  constructor(options: EndpointSetOptions<T>) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
  }

  /** Ask for `name` to be routed to `port`. No-op if that is already the latest request for it, or after close(). */
  add(name: string, port: number): void {
    if (this.#closed || this.#requested.get(name)?.port === port) return;
    const seq = this.#nextSeq(name, port);
    this.#emit('endpoint-add-requested', name);
    if (this.#options.delayAdditions) this.#later(() => this.#applyAdd(name, port, seq));
    else this.#applyAdd(name, port, seq);
  }

  /** Ask for `name` to stop being routed to. No-op if it is unknown, already being removed, or after close(). */
  remove(name: string): void {
    const latest = this.#requested.get(name);
    if (this.#closed || latest === undefined || latest.port === undefined) return;
    const seq = this.#nextSeq(name, undefined);
    this.#emit('endpoint-remove-requested', name);
    this.#later(() => this.#applyRemove(name, seq));
  }

  /** The next routed upstream in round-robin order, or undefined when nothing is routed. */
  pick(): T | undefined {
    const routed = this.#routed;
    if (routed.length === 0) return undefined;
    if (this.#cursor >= routed.length) this.#cursor = 0;
    return routed[this.#cursor++]?.upstream;
  }

  /** Names routed to now, in round-robin order. */
  names(): string[] {
    return this.#routed.map((r) => r.name);
  }

  /** Cancel pending changes, route to nothing and ignore later calls. The caller destroys its own upstreams. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#routed.length = 0;
  }

  #nextSeq(name: string, port: number | undefined): number {
    this.#seq += 1;
    this.#requested.set(name, { seq: this.#seq, port });
    return this.#seq;
  }

  /** True if no later change for `name` has taken effect; then `seq` is recorded as the latest that did. */
  #takeEffect(name: string, seq: number): boolean {
    if ((this.#applied.get(name) ?? 0) > seq) return false;
    this.#applied.set(name, seq);
    return true;
  }

  #applyAdd(name: string, port: number, seq: number): void {
    if (!this.#takeEffect(name, seq)) return;
    const index = this.#routed.findIndex((r) => r.name === name);
    const current = this.#routed[index];
    // Added back before its removal took effect: it never stopped being routed, so nothing changes.
    if (current?.port === port) return;
    const entry = { name, port, upstream: this.#options.open(name, port) };
    if (current === undefined) {
      this.#routed.push(entry);
    } else {
      this.#routed[index] = entry;
      this.#options.retire(current.upstream);
    }
    this.#emit('endpoint-added', name);
  }

  #applyRemove(name: string, seq: number): void {
    if (!this.#takeEffect(name, seq)) return;
    const index = this.#routed.findIndex((r) => r.name === name);
    const current = this.#routed[index];
    if (current === undefined) return;
    this.#routed.splice(index, 1);
    this.#options.retire(current.upstream);
    this.#emit('endpoint-removed', name);
  }

  #later(apply: () => void): void {
    const { propagationDelayMs, jitterMs } = this.#options;
    const delayMs = propagationDelayMs + (jitterMs > 0 ? this.#random() * jitterMs : 0);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      apply();
    }, delayMs);
    this.#timers.add(timer);
  }

  #emit(
    type: 'endpoint-add-requested' | 'endpoint-added' | 'endpoint-remove-requested' | 'endpoint-removed',
    endpoint: string,
  ): void {
    this.#options.onEvent?.({ type, atMs: this.#now(), endpoint });
  }
}
