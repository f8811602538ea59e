import { describeError, isNotFound, type KubeClients, mergePatch, strategicMerge } from './client.js';
import { kubectlPatchCommand } from './kubectl-patch.js';
import { pause } from './pause.js';
import type { TemplateRestore } from './template-restore.js';
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

/** How long `restore()` waits for the rollout of a pod template it put back, ms. */
export const TEMPLATE_ROLLOUT_WAIT_MS = 5 * 60_000;

/** Waits until the Deployment is rolled out as it stands, as `kubectl rollout status` decides. */
export type AwaitRollout = (signal: AbortSignal) => Promise<void>;

/**
 * What the run changed and must put back: nodes it cordoned, the replicas it scaled from, the pod template fields
 * it patched. `restore()` undoes them whatever happened before, retrying each call briefly, and says what it
 * restored and what it could not.
 */
export class RestoreLedger {
  readonly #cordoned = new Set<string>();
  #originalReplicas: number | undefined;
  readonly #templates: TemplateRestore[] = [];

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

  /** A pod template patch about to be sent: how to put back the fields it touches (later ones are undone first). */
  templatePatched(restore: TemplateRestore): void {
    this.#templates.push(restore);
  }

  /**
   * `awaitRollout`: how to wait for the rollout of a template put back, given a signal that aborts after
   * TEMPLATE_ROLLOUT_WAIT_MS or when `signal` does (then the rollout is left to finish by itself, and said so).
   */
  async restore(awaitRollout?: AwaitRollout, signal?: AbortSignal): Promise<RestoreReport> {
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
        } else report.leftChanged.push(`node ${node} still cordoned: ${describeError(error)}`);
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
          `replicas of ${namespace}/${name} not restored to ${original}: ${describeError(error)}`,
        );
      }
    }
    for (const template of this.#templates.splice(0).reverse()) {
      await this.#restoreTemplate(template, report, awaitRollout, signal);
    }
    return report;
  }

  async #restoreTemplate(
    { patch, fields }: TemplateRestore,
    report: RestoreReport,
    awaitRollout: AwaitRollout | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { namespace, deployment: name } = this;
    const what = `pod template of ${namespace}/${name} (${fields.join(', ')})`;
    const body = { spec: { template: patch } };
    try {
      await withRetry(
        () => this.clients.apps.patchNamespacedDeployment({ name, namespace, body }, strategicMerge),
        this.retry,
      );
    } catch (error) {
      report.leftChanged.push(
        `${what} not put back: ${describeError(error)}; put it back with: ${kubectlPatchCommand({ namespace, name }, body)}`,
      );
      return;
    }
    if (awaitRollout === undefined) {
      report.restored.push(`${what} put back`);
      return;
    }
    const wait = AbortSignal.any([AbortSignal.timeout(TEMPLATE_ROLLOUT_WAIT_MS), ...(signal ? [signal] : [])]);
    try {
      await awaitRollout(wait);
      report.restored.push(`${what} put back and rolled out`);
    } catch (error) {
      const why = signal?.aborted
        ? 'not awaited: interrupted'
        : wait.aborted
          ? `not within ${TEMPLATE_ROLLOUT_WAIT_MS / 1000} s`
          : describeError(error);
      report.leftChanged.push(
        `${what} put back, but its rollout has not finished (${why}): kubectl rollout status deployment/${name} -n ${namespace}`,
      );
    }
  }
}
