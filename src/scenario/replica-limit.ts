import type * as z from 'zod';
import type { ScenarioFields } from './fields.js';
import { type Issues, isParsed, isTargetParsed } from './parsed.js';
import { DEFAULT_MAX_LOCAL_REPLICAS } from './target.js';

function tooMany(replicas: number, maxReplicas: number): string {
  const limit =
    maxReplicas === DEFAULT_MAX_LOCAL_REPLICAS
      ? `the limit for local replicas (each is a process on this machine)`
      : 'target.maxReplicas';
  return (
    `${replicas} replicas is more than ${maxReplicas}, ${limit}: if this machine can run that many, ` +
    `raise it with target.maxReplicas: ${replicas}`
  );
}

/** Neither `target.replicas` nor a scale disruption may ask for more replicas than `target.maxReplicas`. */
export function checkReplicaLimit(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const issues: Issues = ctx.issues;
  const { target } = scenario;
  // A cluster's nodes are not this machine: only local replicas are limited.
  if (!isTargetParsed(issues, 'maxReplicas') || target.platform !== 'local') return;
  const { maxReplicas } = target;
  if (isTargetParsed(issues, 'replicas') && target.replicas > maxReplicas) {
    ctx.addIssue({ code: 'custom', path: ['target', 'replicas'], message: tooMany(target.replicas, maxReplicas) });
  }
  if (!Array.isArray(scenario.disruptions)) return;
  scenario.disruptions.forEach((disruption, index) => {
    if (disruption.action !== 'scale' || !isParsed(issues, 'disruptions', index)) return;
    if (disruption.replicas > maxReplicas) {
      ctx.addIssue({
        code: 'custom',
        path: ['disruptions', index, 'replicas'],
        message: tooMany(disruption.replicas, maxReplicas),
      });
    }
  });
}
