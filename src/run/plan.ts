import { describeAction } from '../actions/index.js';
import { sloLimits } from '../analysis/slo.js';
import { formatDurationMs } from '../core/duration.js';
import { planOf } from '../platform/index.js';
import { formatSloValue } from '../report/verdict-console.js';
import type { RunSpec } from './spec.js';

export interface PlanStep {
  /** When the step starts, ms since the load started; undefined when it depends on how long an action takes. */
  atMs: number | undefined;
  what: string;
}

/** The run's timeline as planned, without touching anything: what `rollbench plan` prints. Pure. */
export function planRun(spec: RunSpec): PlanStep[] {
  const { load } = spec;
  const platform = planOf(spec.target);
  const model =
    load.model === 'closed'
      ? `closed model, ${load.connections ?? 10} connections`
      : `${load.rps ?? 100} rps (open model)`;
  const steps: PlanStep[] = [
    { atMs: undefined, what: platform.start },
    {
      atMs: 0,
      what: `load starts: ${model}${spec.warmupMs > 0 ? `; warmup (not judged) for ${formatDurationMs(spec.warmupMs)}` : ''}`,
    },
  ];
  const cleanup: PlanStep = { atMs: undefined, what: platform.restore };
  if (spec.capacity) return [steps[0] as PlanStep, ...capacitySteps(spec, spec.capacity), cleanup];
  if (spec.warmupMs > 0) steps.push({ atMs: spec.warmupMs, what: 'steady load: judged against the SLO from here on' });
  const ordered = [...spec.disruptions].sort((a, b) => a.atMs - b.atMs);
  for (const { atMs, spec: action } of ordered) {
    const until =
      action.action === 'drain'
        ? 'waits until the node’s pods have exited and the deployment is whole again'
        : 'waits until complete (as kubectl rollout status decides)';
    steps.push({ atMs, what: `${describeAction(action)} — ${until}` });
  }
  steps.push({
    atMs: ordered.length === 0 ? spec.warmupMs + spec.cooldownMs : undefined,
    what: `${ordered.length === 0 ? 'load' : `${formatDurationMs(spec.cooldownMs)} after the last disruption completes, load`} stops gracefully; requests in flight finish`,
  });
  steps.push(cleanup);
  return steps;
}

// A capacity run: one load per rate, each held for stepDuration, with a pause of one sample interval between
// steps (so each step's last CPU sample is its own); stepping stops after the first step that fails the SLO.
function capacitySteps(spec: RunSpec, capacity: NonNullable<RunSpec['capacity']>): PlanStep[] {
  const stepMs = capacity.stepDurationMs + spec.sampleIntervalMs;
  const steps: PlanStep[] = capacity.ratesRps.map((rps, index) => ({
    atMs: index * stepMs,
    what: `step ${index + 1}/${capacity.ratesRps.length}: ${rps} rps (open model) for ${formatDurationMs(capacity.stepDurationMs)}, judged against the SLO${index > 0 ? ' — only if the previous step met it' : ''}`,
  }));
  steps.push({
    atMs: undefined,
    what: `the highest rate that met the SLO${capacity.targetRps === undefined ? '' : `, and the replicas ${capacity.targetRps} rps needs`}`,
  });
  return steps;
}

export function formatPlan(spec: RunSpec, steps: PlanStep[]): string {
  const lines = [
    `Plan for "${spec.name}" (times from the load start; the run stops anyway after ${formatDurationMs(spec.timeoutMs)}):`,
  ];
  for (const step of steps)
    lines.push(`  ${(step.atMs === undefined ? '' : `t=${formatDurationMs(step.atMs)}`).padEnd(8)} ${step.what}`);
  const slo = sloLimits(spec.slo).map(({ name, limit }) => `${name} ≤ ${formatSloValue(name, limit)}`);
  lines.push(`SLO: ${slo.length > 0 ? slo.join(', ') : 'none'}`);
  return `${lines.join('\n')}\n`;
}
