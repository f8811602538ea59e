import { apiErrorMessage, isNotFound } from './api-errors.js';
import { type KubeClients, mergePatch, strategicMerge } from './client.js';
import { pause } from './pause.js';
import type { RestoreReport } from './types.js';

export interface RetryOptions {
  attempts: number;
  /** The first pause between attempts, doubled after each, ms. */
  backoffMs: number;
  /** No attempt starts after this long, ms. */
  budgetMs: number;
}

const defaultRetry: RetryOptions = { attempts: 5, backoffMs: 250, budgetMs: 10_000 };

/** Runs `call` until it succeeds, a few times with a doubling pause, within a bounded time; throws the last error. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = defaultRetry): Promise<T> {
  const deadline = performance.now() + options.budgetMs;
  let pauseMs = options.backoffMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= options.attempts || performance.now() + pauseMs > deadline) throw error;
      await pause(pauseMs);
      pauseMs *= 2;
    }
  }
}

/**
 * What the run changed and must put back: nodes it cordoned, the replicas it scaled from. `restore()` undoes them
 * whatever happened before, retrying each call briefly, and says what it restored and what it could not.
 */
export class RestoreLedger {
  readonly #cordoned = new Set<string>();
  #originalReplicas: number | undefined;

  constructor(
    private readonly clients: KubeClients,
    private readonly namespace: string,
    private readonly deployment: string,
    private readonly retry: RetryOptions = defaultRetry,
  ) {}

  cordoned(node: string): void {
    this.#cordoned.add(node);
  }

  /** The replicas before the run's first scale (later scales keep the first value). */
  scaledFrom(replicas: number): void {
    this.#originalReplicas ??= replicas;
  }

  async restore(): Promise<RestoreReport> {
    const report: RestoreReport = { restored: [], leftChanged: [] };
    for (const node of [...this.#cordoned]) {
      try {
        await withRetry(
          () => this.clients.core.patchNode({ name: node, body: { spec: { unschedulable: null } } }, strategicMerge),
          this.retry,
        );
        this.#cordoned.delete(node);
        report.restored.push(`uncordoned ${node}`);
      } catch (error) {
        if (isNotFound(error)) {
          this.#cordoned.delete(node);
          report.restored.push(`node ${node} is gone: nothing to uncordon`);
        } else report.leftChanged.push(`node ${node} still cordoned: ${apiErrorMessage(error)}`);
      }
    }
    const original = this.#originalReplicas;
    if (original !== undefined) {
      const { apps } = this.clients;
      const name = this.deployment;
      const namespace = this.namespace;
      try {
        const scale = await withRetry(() => apps.readNamespacedDeploymentScale({ name, namespace }), this.retry);
        const now = scale.spec?.replicas;
        await withRetry(
          () =>
            apps.patchNamespacedDeploymentScale(
              { name, namespace, body: { spec: { replicas: original } } },
              mergePatch,
            ),
          this.retry,
        );
        this.#originalReplicas = undefined;
        report.restored.push(`replicas of ${namespace}/${name} ${now} → ${original}`);
      } catch (error) {
        report.leftChanged.push(
          `replicas of ${namespace}/${name} not restored to ${original}: ${apiErrorMessage(error)}`,
        );
      }
    }
    return report;
  }
}
