import type { V1Deployment } from '@kubernetes/client-node';
import { PlatformError } from '../../../core/errors.js';
import type { ActionContext } from '../action-context.js';
import { strategicMerge } from '../client.js';
import { pause } from '../pause.js';
import { deploymentRolloutStatus } from '../rollout-status.js';
import { restorePatch } from '../template-restore.js';
import type { RolloutChange } from '../types.js';
import { watchDeployment } from './scale.js';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** kubectl's RFC 3339 timestamp, second precision (`time.Now().Format(time.RFC3339)`, here in UTC). */
const rfc3339Now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * How long a restart must wait so that its `restartedAt` differs from the one the template holds, ms: until the
 * next second when that one is this second (a restart a moment ago, by this run or kubectl, whatever its zone),
 * else 0. kubectl's second-precision value would otherwise be the same, the template unchanged and nothing would
 * roll; waiting keeps kubectl's format, which tools reading the annotation expect, at the cost of under a second.
 */
export function restartWaitMs(restartedAt: string | undefined, nowMs: number): number {
  const previousMs = restartedAt === undefined ? Number.NaN : Date.parse(restartedAt);
  if (Math.floor(previousMs / 1000) !== Math.floor(nowMs / 1000)) return 0;
  return 1000 - (nowMs % 1000);
}

/** `kubectl set image`'s body: each named container (or init container) gets its image; an unknown name fails. */
function setImageBody(deployment: V1Deployment, images: Record<string, string>): Record<string, unknown> {
  const spec = deployment.spec?.template.spec;
  const containers = (spec?.containers ?? []).map((container) => container.name);
  const initContainers = (spec?.initContainers ?? []).map((container) => container.name);
  const unknown = Object.keys(images).filter((name) => !containers.includes(name) && !initContainers.includes(name));
  if (unknown.length > 0) {
    const name = `${deployment.metadata?.namespace}/${deployment.metadata?.name}`;
    throw new PlatformError(
      `unable to find container named ${unknown.map((one) => `"${one}"`).join(', ')} in deployment ${name}; its containers: ${[...containers, ...initContainers].join(', ')}`,
      { code: 'ACTION_REFUSED' },
    );
  }
  const pick = (names: string[]) =>
    names.filter((one) => images[one] !== undefined).map((one) => ({ name: one, image: images[one] }));
  const initial = pick(initContainers);
  return {
    spec: {
      template: { spec: { containers: pick(containers), ...(initial.length > 0 ? { initContainers: initial } : {}) } },
    },
  };
}

/** The strategic-merge patch kubectl sends for the change. */
function rolloutPatch(deployment: V1Deployment, change: RolloutChange): Record<string, unknown> {
  switch (change.kind) {
    case 'restart':
      if (deployment.spec?.paused) {
        throw new PlatformError("can't restart paused deployment (run rollout resume first)", {
          code: 'ACTION_REFUSED',
        });
      }
      return {
        spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339Now() } } } },
      };
    case 'image':
      return setImageBody(deployment, change.images);
    case 'patch':
      return { spec: { template: change.template } };
  }
}

/**
 * Rolls the Deployment out as kubectl does (rollout restart / set image / a template patch, all strategic-merge
 * patches), then waits as `kubectl rollout status` decides, re-evaluated on every Deployment watch event: first
 * until the controller has observed the patched generation, then with the revision it gave it. A progress deadline
 * exceeded ends it with kubectl's error.
 */
export async function rollout(context: ActionContext, change: RolloutChange, signal: AbortSignal): Promise<void> {
  const { clients, namespace, deployment: name } = context;
  const watched = await watchDeployment(context, signal);
  try {
    const current = await clients.apps.readNamespacedDeployment({ name, namespace });
    if (change.kind === 'restart') {
      const restartedAt = current.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
      await pause(restartWaitMs(restartedAt, Date.now()), signal);
      signal.throwIfAborted();
    }
    const body = rolloutPatch(current, change);
    const patched = await clients.apps.patchNamespacedDeployment({ name, namespace, body }, strategicMerge);
    const generation = patched.metadata?.generation ?? 0;
    let revision: number | undefined;
    await watched.until(() => {
      const deployment = watched.items()[0];
      if (deployment === undefined || (deployment.metadata?.generation ?? 0) < generation) return undefined;
      if ((deployment.status?.observedGeneration ?? 0) >= generation) {
        revision ??= Number(deployment.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
      }
      const status = deploymentRolloutStatus(deployment, revision ?? 0);
      context.setActivity(status.message.trim());
      return status.done ? true : undefined;
    }, signal);
  } finally {
    await watched.close();
  }
}

/** Waits until the Deployment is rolled out as it stands (what `start` checks before any load). */
export async function rolledOut(context: ActionContext, signal: AbortSignal): Promise<void> {
  const watched = await watchDeployment(context, signal);
  try {
    await watched.until(() => {
      const deployment = watched.items()[0];
      if (deployment === undefined) return undefined;
      const status = deploymentRolloutStatus(deployment);
      context.setActivity(status.message.trim());
      return status.done ? true : undefined;
    }, signal);
  } finally {
    await watched.close();
  }
}

/**
 * A strategic-merge patch of the pod template, rolled out and awaited like a `patch:` rollout; the ledger learns
 * first how to put back the fields it touches, so that `restore()` does whatever happens to the rollout.
 */
export async function patchTemplate(
  context: ActionContext,
  template: Record<string, unknown>,
  signal: AbortSignal,
): Promise<{ fields: string[] }> {
  const { clients, namespace, deployment: name } = context;
  const current = await clients.apps.readNamespacedDeployment({ name, namespace });
  const restore = restorePatch(current.spec?.template, template);
  context.ledger.templatePatched(restore);
  await rollout(context, { kind: 'patch', template }, signal);
  return { fields: restore.fields };
}
