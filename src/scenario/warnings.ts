import { describeBudget, disruptionsAllowed } from '../core/disruption-budget.js';
import { formatDurationMs } from '../core/duration.js';
import { inTimeOrder } from './parsed.js';
import type { FieldNote } from './rules.js';
import type { Scenario } from './schema.js';

/** Allowed, but probably not what the user meant. */
export function scenarioWarnings(scenario: Scenario): FieldNote[] {
  const notes: FieldNote[] = [];
  // A cluster's settings are read from it at run time: nothing here to compare.
  if (scenario.target.platform !== 'local') return notes;
  const { lifecycle, terminationGracePeriodSeconds } = scenario.target;
  const preStopSeconds = lifecycle?.preStop?.sleep.seconds;
  if (preStopSeconds !== undefined && preStopSeconds > terminationGracePeriodSeconds) {
    notes.push({
      path: ['target', 'lifecycle', 'preStop', 'sleep', 'seconds'],
      message:
        `preStop sleeps ${preStopSeconds}s, longer than terminationGracePeriodSeconds (${terminationGracePeriodSeconds}), ` +
        'which includes it: a Kubernetes API server rejects this pod spec; run locally, the sleep is cut off at the ' +
        'grace period and SIGTERM gets the kubelet’s minimum 2s before SIGKILL',
    });
  }
  const blocked = blockedDrain(scenario);
  if (blocked !== undefined) notes.push(blocked);
  return notes;
}

/** A disruption budget that leaves no pod to evict: the first drain it blocks waits until the run timeout. */
function blockedDrain(scenario: Scenario): FieldNote | undefined {
  const { target } = scenario;
  if (target.platform !== 'local' || target.podDisruptionBudget === undefined) return undefined;
  const budget = target.podDisruptionBudget;
  let replicas = target.replicas;
  for (const { disruption } of inTimeOrder(scenario.disruptions)) {
    if (disruption.action === 'scale') replicas = disruption.replicas;
    // With every replica ready, an eviction is allowed only if the budget leaves one to spare.
    if (disruption.action === 'drain' && disruptionsAllowed(budget, replicas, replicas) === 0) {
      return {
        path: ['target', 'podDisruptionBudget', 'minAvailable' in budget ? 'minAvailable' : 'maxUnavailable'],
        message:
          `${describeBudget(budget)} with ${replicas} replicas allows no eviction at all: the drain of ` +
          `${disruption.node} at ${formatDurationMs(disruption.atMs)} will block until the run timeout`,
      };
    }
  }
  return undefined;
}
