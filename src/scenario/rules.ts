import type * as z from 'zod';
import { formatDurationMs } from '../core/duration.js';
import { MAX_SENDS } from '../core/load-limits.js';
import type { ScenarioFields } from './fields.js';
import { inTimeOrder, isParsed, isTargetParsed } from './parsed.js';
import { checkPodNames } from './pod-names.js';
import { checkReplicaLimit } from './replica-limit.js';
import { resolveRollingUpdate } from './rolling-update.js';
import { suggestion } from './suggest.js';

/** A finding about one field, before it is placed at a line of the file. */
export interface FieldNote {
  path: PropertyKey[];
  message: string;
}

/**
 * Rules that compare fields of different blocks. They run even when other fields have problems (so that one
 * run of `rollbench validate` reports everything), each only over fields that parsed.
 */
export function checkScenario(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  checkRollingUpdate(scenario, ctx);
  checkDisruptions(scenario, ctx);
  checkRolloutChanges(scenario, ctx);
  checkCapacity(scenario, ctx);
  checkSendCount(scenario, ctx);
  checkReplicaLimit(scenario, ctx);
  // After the replica limit: past it, the pods are not forecast.
  checkPodNames(scenario, ctx);
}

function checkCapacity(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  checkCapacityModel(scenario, ctx);
  if (scenario.capacity === undefined || !Array.isArray(scenario.disruptions) || scenario.disruptions.length === 0)
    return;
  ctx.addIssue({
    code: 'custom',
    path: ['capacity'],
    message: 'a capacity run steps the rate and takes no disruptions: move the disruptions to another scenario',
  });
}

/** A capacity run steps the open model's rate: the closed model has none to step. */
function checkCapacityModel(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  if (scenario.capacity === undefined || !isParsed(ctx.issues, 'load') || scenario.load.model !== 'closed') return;
  ctx.addIssue({
    code: 'custom',
    path: ['capacity'],
    message:
      'a capacity run steps the rate of the open model, and the load is the closed model: remove load.model: closed (or max: true)',
  });
}

/**
 * A disruption run's load lasts until the run ends, at most `timeout`: rate × timeout sends must fit in one load,
 * or the run would start its replicas and then refuse to send.
 */
function checkSendCount(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  if (scenario.capacity !== undefined || !isParsed(ctx.issues, 'timeout') || !isParsed(ctx.issues, 'load')) return;
  const rps = scenario.load.rate;
  if (rps === undefined || (rps * scenario.timeout) / 1000 <= MAX_SENDS) return;
  ctx.addIssue({
    code: 'custom',
    path: ['timeout'],
    message:
      `${rps} rps for up to ${formatDurationMs(scenario.timeout)} (the run's timeout) makes more than ${MAX_SENDS} ` +
      `sends, more than one load can count: shorten the timeout to at most ${formatDurationMs(Math.floor((MAX_SENDS / rps) * 1000))}`,
  });
}

/**
 * What a rollout changes depends on the platform: a local one runs a new `app:`; a Deployment gets a new `image:`
 * or a `patch:` of its pod template. At most one of them; none: a restart.
 */
function checkRolloutChanges(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const { issues } = ctx;
  if (!Array.isArray(scenario.disruptions) || !isParsed(issues, 'target', 'platform')) return;
  const platform = scenario.target.platform;
  const allowed = platform === 'local' ? ['app'] : ['image', 'patch'];
  scenario.disruptions.forEach((disruption, index) => {
    if (disruption.action !== 'rollout' || !isParsed(issues, 'disruptions', index)) return;
    const given = (['app', 'image', 'patch'] as const).filter((field) => disruption[field] !== undefined);
    for (const field of given.filter((name) => !allowed.includes(name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['disruptions', index, field],
        message: `a ${platform} target takes ${allowed.join(' or ')} here, not ${field}`,
      });
    }
    if (given.length > 1 && given.every((name) => allowed.includes(name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['disruptions', index, given[1] ?? 'patch'],
        message: `${given.join(' and ')} exclude each other: one change per rollout`,
      });
    }
  });
}

function checkRollingUpdate(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const { target } = scenario;
  if (!isTargetParsed(ctx.issues, 'replicas') || !isTargetParsed(ctx.issues, 'strategy')) return;
  if (target.platform !== 'local') return;
  try {
    resolveRollingUpdate(target.replicas, target.strategy.rollingUpdate);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['target', 'strategy', 'rollingUpdate'], message: (err as Error).message });
  }
}

function checkDisruptions(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const { issues } = ctx;
  if (!Array.isArray(scenario.disruptions)) return;
  scenario.disruptions.forEach((disruption, index) => {
    if (!isParsed(issues, 'disruptions', index)) return;
    const at = (message: string) => ctx.addIssue({ code: 'custom', path: ['disruptions', index, 'at'], message });
    if (isParsed(issues, 'warmup') && disruption.atMs < scenario.warmup) {
      at(
        `starts during the warmup (${formatDurationMs(disruption.atMs)} < warmup ${formatDurationMs(scenario.warmup)}): ` +
          'the warmup is not judged, so a disruption must start at or after its end',
      );
    }
    if (isParsed(issues, 'timeout') && disruption.atMs >= scenario.timeout) {
      at(`starts after the run is stopped (timeout ${formatDurationMs(scenario.timeout)})`);
    }
    // A cluster's nodes are known only once it is reached; a local target lists its own.
    if (disruption.action === 'drain' && isTargetParsed(issues, 'nodes') && scenario.target.platform === 'local') {
      const { nodes } = scenario.target;
      const node = (message: string) => ctx.addIssue({ code: 'custom', path: ['disruptions', index, 'node'], message });
      if (nodes === undefined) node('drain needs target.nodes: list the nodes the replicas are spread over');
      else if (!nodes.includes(disruption.node))
        node(`unknown node "${disruption.node}"${suggestion(disruption.node, nodes)}`);
    }
  });
  checkLastNode(scenario, ctx);
}

/** A drained node stays cordoned until the run ends: the drain that cordons the last node leaves its pods nowhere. */
function checkLastNode(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const { issues } = ctx;
  const { target } = scenario;
  const nodes = isTargetParsed(issues, 'nodes') && target.platform === 'local' ? target.nodes : undefined;
  if (nodes === undefined || !Array.isArray(scenario.disruptions)) return;
  const cordoned = new Set<string>();
  for (const { disruption, index } of inTimeOrder(scenario.disruptions)) {
    if (disruption.action !== 'drain' || !isParsed(issues, 'disruptions', index)) continue;
    if (!nodes.includes(disruption.node) || cordoned.has(disruption.node)) continue;
    cordoned.add(disruption.node);
    if (cordoned.size === nodes.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['disruptions', index, 'node'],
        message:
          `drains the last schedulable node (${[...cordoned].join(', ')} stay cordoned until the run ends): ` +
          'its pods would have nowhere to go; list one more node in target.nodes',
      });
    }
  }
}
