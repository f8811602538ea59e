import { describeAction } from '../actions/index.js';
import { formatDurationMs } from '../core/duration.js';
import type { RunSpec } from './spec.js';

export interface PlanStep {
  /** When the step starts, ms since the load started; undefined when it depends on how long an action takes. */
  atMs: number | undefined;
  what: string;
}

/** The run's timeline as planned, without touching anything: what `rollbench plan` prints. Pure. */
export function planRun(spec: RunSpec): PlanStep[] {
  const { target, load } = spec;
  const model = load.max
    ? `closed model, ${load.connections ?? 10} connections`
    : `${load.rps ?? 100} rps (open model)`;
  const steps: PlanStep[] = [
    {
      atMs: undefined,
      what: `start ${target.replicas} replicas (${'sampleApp' in target.app ? 'built-in sample app' : 'your command'}) behind an ${target.proxy.mode} proxy, wait until all are ready`,
    },
    {
      atMs: 0,
      what: `load starts: ${model}${spec.warmupMs > 0 ? `; warmup (not judged) for ${formatDurationMs(spec.warmupMs)}` : ''}`,
    },
  ];
  if (spec.warmupMs > 0) steps.push({ atMs: spec.warmupMs, what: 'steady load: judged against the SLO from here on' });
  const ordered = [...spec.disruptions].sort((a, b) => a.atMs - b.atMs);
  for (const { atMs, spec: action } of ordered) {
    steps.push({ atMs, what: `${describeAction(action)} — waits until complete (as kubectl rollout status decides)` });
  }
  steps.push({
    atMs: ordered.length === 0 ? spec.warmupMs + spec.cooldownMs : undefined,
    what: `${ordered.length === 0 ? 'load' : `${formatDurationMs(spec.cooldownMs)} after the last disruption completes, load`} stops gracefully; requests in flight finish`,
  });
  steps.push({ atMs: undefined, what: 'every replica process and the proxy are stopped; the result is written' });
  return steps;
}

export function formatPlan(spec: RunSpec, steps: PlanStep[]): string {
  const lines = [
    `Plan for "${spec.name}" (times from the load start; the run stops anyway after ${formatDurationMs(spec.timeoutMs)}):`,
  ];
  for (const step of steps)
    lines.push(`  ${(step.atMs === undefined ? '' : `t=${formatDurationMs(step.atMs)}`).padEnd(8)} ${step.what}`);
  const slo = Object.entries(spec.slo).map(([name, limit]) => `${name} ≤ ${limit}`);
  lines.push(`SLO: ${slo.length > 0 ? slo.join(', ') : 'none'}`);
  return `${lines.join('\n')}\n`;
}
