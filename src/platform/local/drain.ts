import { setTimeout as sleep } from 'node:timers/promises';
import { checkEviction, type DisruptionBudget } from '../../core/disruption-budget.js';
import { formatDurationMs } from '../../core/duration.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { LocalDeployment } from './deployment.js';
import type { Pod } from './pod.js';

/** How long `kubectl drain` waits before asking again after a 429 (`drain.go`), ms. */
export const EVICTION_RETRY_MS = 5000;

/** What a drain needs from the platform; the node is already cordoned. */
export interface DrainHost {
  deployment: LocalDeployment;
  /** The PodDisruptionBudget over the deployment's pods, if there is one. */
  budget: DisruptionBudget | undefined;
  /** Pause between a refused eviction and the next attempt at the same pod, ms. */
  evictionRetryMs: number;
  /** Starts deleting a pod, exactly as a delete does (preStop → SIGTERM → grace → SIGKILL, endpoint removal). */
  deletePod(pod: Pod): void;
  emit(event: Omit<TimelineEvent, 'atMs'>): void;
  /** Where the drain keeps its refused evictions, so that the platform can say what it waits for. */
  refused: RefusedEvictions;
}

/**
 * The evictions of a drain that the disruption budget refused and that wait to be retried: how long the drain
 * was held up by them, and what it is waiting for now, for a progress line.
 */
export class RefusedEvictions {
  /** Per pod refused: when its eviction is asked again (performance.now() ms). */
  readonly #retryAtMs = new Map<string, number>();
  #blockedSinceMs = 0;
  #blockedMs = 0;

  refused(pod: string, retryAtMs: number): void {
    if (this.#retryAtMs.size === 0) this.#blockedSinceMs = performance.now();
    this.#retryAtMs.set(pod, retryAtMs);
  }

  /** The pod was evicted after all, or no longer needs to be. */
  settled(pod: string): void {
    if (!this.#retryAtMs.delete(pod)) return;
    if (this.#retryAtMs.size === 0) this.#blockedMs += performance.now() - this.#blockedSinceMs;
  }

  /** Time during which at least one eviction was waiting after a refusal, ms. */
  get blockedMs(): number {
    const ongoingMs = this.#retryAtMs.size > 0 ? performance.now() - this.#blockedSinceMs : 0;
    return this.#blockedMs + ongoingMs;
  }

  /** E.g. "1 eviction refused by the PDB, retrying in 5 s"; undefined while none is waiting. */
  describe(): string | undefined {
    const refused = this.#retryAtMs.size;
    if (refused === 0) return undefined;
    const nextMs = Math.min(...this.#retryAtMs.values()) - performance.now();
    const inSeconds = Math.max(1, Math.ceil(nextMs / 1000));
    return refused === 1
      ? `1 eviction refused by the PDB, retrying in ${inSeconds} s`
      : `${refused} evictions refused by the PDB, next retry in ${inSeconds} s`;
  }
}

export interface DrainReport {
  evicted: string[];
  created: string[];
  /** Time during which at least one eviction was waiting after a refusal, ms. */
  blockedMs: number;
}

/**
 * Evicts every pod on a (cordoned) node the way `kubectl drain` does: one eviction per pod, all in parallel, each
 * retried every `evictionRetryMs` while the disruption budget refuses it, while the Deployment controller replaces
 * the evicted pods elsewhere. Resolves once every pod that was on the node has exited and the deployment is whole
 * again; rejects with the signal's reason if it aborts first.
 */
export async function drainNode(node: string, host: DrainHost, signal: AbortSignal): Promise<DrainReport> {
  const { deployment, refused } = host;
  const onNode = deployment.pods().filter((pod) => pod.node === node && pod.phase !== 'exited');
  const evicted: string[] = [];

  const evict = async (pod: Pod, stop: AbortSignal): Promise<void> => {
    // A pod already terminating needs no eviction: the API server deletes such a pod without a budget check.
    while (pod.phase === 'running') {
      const healthy = deployment.pods().filter((other) => other.phase === 'running' && other.ready).length;
      const verdict = checkEviction(host.budget, pod, deployment.replicas, healthy);
      if (verdict.allowed) {
        refused.settled(pod.name);
        host.emit({ type: 'eviction-requested', pod: pod.name, detail: `node ${node}` });
        evicted.push(pod.name);
        const evictedAtMs = performance.now();
        host.deletePod(pod);
        await pod.exited;
        const afterMs = Math.round(performance.now() - evictedAtMs);
        host.emit({ type: 'eviction-done', pod: pod.name, detail: `exited ${afterMs} ms after its eviction` });
        return;
      }
      refused.refused(pod.name, performance.now() + host.evictionRetryMs);
      host.emit({
        type: 'eviction-refused',
        pod: pod.name,
        detail: `${verdict.reason}; will retry after ${formatDurationMs(host.evictionRetryMs)}`,
      });
      await sleep(host.evictionRetryMs, undefined, { signal: stop });
    }
    refused.settled(pod.name);
    await pod.exited;
  };

  // Retries stop as soon as the drain ends, however it ends.
  const done = new AbortController();
  const stop = AbortSignal.any([signal, done.signal]);
  try {
    const [, reconciled] = await Promise.all([
      Promise.all(onNode.map((pod) => evict(pod, stop))),
      deployment.reconcileUntil(() => onNode.every((pod) => pod.phase === 'exited'), stop),
    ]);
    return { evicted, created: reconciled.created, blockedMs: Math.round(refused.blockedMs) };
  } catch (err) {
    signal.throwIfAborted(); // the caller's reason, whichever part noticed the abort first
    throw err;
  } finally {
    done.abort();
  }
}
