import type * as z from 'zod';
import { formatDurationMs } from '../core/duration.js';
import { resolveRollingUpdate } from './rolling-update.js';
import type { Scenario, ScenarioFields } from './schema.js';
import { suggestion } from './suggest.js';

/** A finding about one field, before it is placed at a line of the file. */
export interface FieldNote {
  path: PropertyKey[];
  message: string;
}

type Issues = z.core.$ZodRawIssue[];

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const length = Math.min(a.length, b.length);
  return a.slice(0, length).every((segment, index) => segment === b[index]);
}

/**
 * True when no problem was found at, under or above `path`: its value is then parsed and can be compared with
 * others. An unknown field says nothing about its siblings' values, so it does not count.
 */
function isParsed(issues: Issues, ...path: PropertyKey[]): boolean {
  return !issues.some((issue) => issue.code !== 'unrecognized_keys' && overlaps(issue.path ?? [], path));
}

/**
 * Rules that compare fields of different blocks. They run even when other fields have problems (so that one
 * run of `rollbench validate` reports everything), each only over fields that parsed.
 */
export function checkScenario(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  checkRollingUpdate(scenario, ctx);
  checkDisruptions(scenario, ctx);
}

/** A target whose `platform` matched: its fields were parsed by that platform's schema, not left as written. */
function isTargetParsed(issues: Issues, field: string): boolean {
  return isParsed(issues, 'target', 'platform') && isParsed(issues, 'target', field);
}

function checkRollingUpdate(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  if (!isTargetParsed(ctx.issues, 'replicas') || !isTargetParsed(ctx.issues, 'strategy')) return;
  try {
    resolveRollingUpdate(scenario.target.replicas, scenario.target.strategy.rollingUpdate);
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
    if (disruption.action === 'drain' && isTargetParsed(issues, 'nodes')) {
      const { nodes } = scenario.target;
      const node = (message: string) => ctx.addIssue({ code: 'custom', path: ['disruptions', index, 'node'], message });
      if (nodes === undefined) node('drain needs target.nodes: list the nodes the replicas are spread over');
      else if (!nodes.includes(disruption.node))
        node(`unknown node "${disruption.node}"${suggestion(disruption.node, nodes)}`);
    }
  });
}

/** Allowed, but probably not what the user meant. */
export function scenarioWarnings(scenario: Scenario): FieldNote[] {
  const notes: FieldNote[] = [];
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
  return notes;
}
