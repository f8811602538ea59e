import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { apiErrorMessage, isNotFound, signalOptions } from './api-errors.js';
import type { KubeClients } from './client.js';
import { kubectlPatchCommand } from './kubectl-patch.js';
import { pause } from './pause.js';
import type { TemplateRestore } from './template-restore.js';
import type { RestoreReport } from './types.js';

export interface RetryOptions {
  attempts: number;
  /** The first pause between attempts, doubled after each, ms. */
  backoffMs: number;
  /** The whole restore ends within this, every call and pause included, ms. */
  budgetMs: number;
}

const defaultRetry: RetryOptions = { attempts: 5, backoffMs: 250, budgetMs: 10_000 };

/** Runs `call` until it succeeds, a few times with a doubling pause, until `budget` aborts; throws the last error. */
async function withRetry<T>(call: () => Promise<T>, options: RetryOptions, budget: AbortSignal): Promise<T> {
  let pauseMs = options.backoffMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= options.attempts || budget.aborted) throw error;
      await pause(pauseMs, budget);
      if (budget.aborted) throw error;
      pauseMs *= 2;
    }
  }
}

/** How long `restore()` waits for the rollout of a pod template it put back, ms. */
const TEMPLATE_ROLLOUT_WAIT_MS = 5 * 60_000;

/** Waits until the Deployment is rolled out as it stands, as `kubectl rollout status` decides. */
export type AwaitRollout = (signal: AbortSignal) => Promise<void>;

/** One thing put back, or left as the run changed it, or found as it was (nothing said). */
type Outcome = { restored: string } | { leftChanged: string } | undefined;

/**
 * What the run may have changed and must put back: nodes it cordoned, the replicas it scaled from, the pod template
 * fields it patched (`run --verify`). `restore()` reads nodes and replicas from the cluster and undoes what is still
 * changed, whatever happened before (a cordon or scale whose call failed may or may not have been applied: the
 * cluster says), retrying briefly, all within one budget; then puts back the template fields and waits for that
 * rollout. It says what it restored and what it could not.
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

  /** Before the cordon patch is sent: from then on the node may be cordoned. */
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
    const budget = AbortSignal.timeout(this.retry.budgetMs);
    const outcomes = await Promise.all([
      ...[...this.#cordoned].map((node) => this.#uncordon(node, budget)),
      this.#restoreReplicas(budget),
    ]);
    const report: RestoreReport = { restored: [], leftChanged: [] };
    for (const outcome of outcomes) {
      if (outcome === undefined) continue;
      if ('restored' in outcome) report.restored.push(outcome.restored);
      else report.leftChanged.push(outcome.leftChanged);
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
    const budget = AbortSignal.timeout(this.retry.budgetMs);
    const call = setHeaderOptions(
      'Content-Type',
      PatchStrategy.StrategicMergePatch,
      signalOptions(() => budget),
    );
    try {
      await withRetry(
        () => this.clients.apps.patchNamespacedDeployment({ name, namespace, body }, call),
        this.retry,
        budget,
      );
    } catch (error) {
      report.leftChanged.push(
        `${what} not put back: ${apiErrorMessage(error)}; put it back with: ${kubectlPatchCommand({ namespace, name }, body)}`,
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
          : apiErrorMessage(error);
      report.leftChanged.push(
        `${what} put back, but its rollout has not finished (${why}): kubectl rollout status deployment/${name} -n ${namespace}`,
      );
    }
  }

  async #uncordon(node: string, budget: AbortSignal): Promise<Outcome> {
    const call = signalOptions(() => budget);
    try {
      const now = await withRetry(() => this.clients.core.readNode({ name: node }, call), this.retry, budget);
      if (now.spec?.unschedulable === true) {
        const body = { spec: { unschedulable: null } };
        const patch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, call);
        await withRetry(() => this.clients.core.patchNode({ name: node, body }, patch), this.retry, budget);
        this.#cordoned.delete(node);
        return { restored: `uncordoned ${node}` };
      }
      this.#cordoned.delete(node);
      return undefined;
    } catch (error) {
      if (!isNotFound(error))
        return { leftChanged: `node ${node} not uncordoned (kubectl uncordon ${node}): ${apiErrorMessage(error)}` };
      this.#cordoned.delete(node);
      return { restored: `node ${node} is gone: nothing to uncordon` };
    }
  }

  async #restoreReplicas(budget: AbortSignal): Promise<Outcome> {
    const original = this.#originalReplicas;
    if (original === undefined) return undefined;
    const { apps } = this.clients;
    const name = this.deployment;
    const namespace = this.namespace;
    const call = signalOptions(() => budget);
    try {
      const scale = await withRetry(
        () => apps.readNamespacedDeploymentScale({ name, namespace }, call),
        this.retry,
        budget,
      );
      const now = scale.spec?.replicas;
      if (now !== original) {
        const body = { spec: { replicas: original } };
        const patch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch, call);
        await withRetry(
          () => apps.patchNamespacedDeploymentScale({ name, namespace, body }, patch),
          this.retry,
          budget,
        );
      }
      this.#originalReplicas = undefined;
      return now === original ? undefined : { restored: `replicas of ${namespace}/${name} ${now} → ${original}` };
    } catch (error) {
      const command = `kubectl scale deployment/${name} -n ${namespace} --replicas=${original}`;
      return {
        leftChanged: `replicas of ${namespace}/${name} not restored to ${original} (${command}): ${apiErrorMessage(error)}`,
      };
    }
  }
}
