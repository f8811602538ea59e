import { type CapacityResult, stepCompleted } from '../core/run-result.js';
import { formatBytes, formatCount, formatPercent } from './format.js';
import { stepLoadCells } from './summary-rows.js';
import { plainTable } from './table.js';
import { formatCheck } from './verdict-console.js';

/** Per step: the rate asked and what succeeded, failures, latency of successes; then the highest passing rate. */
export function renderCapacity(result: CapacityResult): string {
  const title = `Capacity of "${result.scenario.name}" on ${result.platform.description}`;
  // The run ended during start-up: no step to show.
  if (result.steps.length === 0 && result.incomplete)
    return `${title}\nNo step ran: the run did not complete (${result.incomplete}).\n`;
  const table = plainTable(
    [
      'rate',
      'succeeded\nrps',
      'requests',
      'failed',
      'p50 ms',
      'p99 ms',
      'max ms',
      'late\n> 10 ms',
      'cpu/replica\np50 · p95',
      'memory/\nreplica',
      'SLO',
    ],
    ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  for (const step of result.steps) {
    const { summary } = step.load;
    table.push([
      ...stepLoadCells(step),
      formatPercent(summary.lateSends.over10Ms, summary.requests + summary.unfinished),
      step.resources ? `${step.resources.cpuMillicoresP50}m · ${step.resources.cpuMillicoresP95}m` : '–',
      step.resources ? formatBytes(step.resources.memoryBytesMax) : '–',
      // A step cut short (interrupted, the run timeout) proves nothing about its rate, whatever its checks say.
      stepCompleted(step) ? (step.verdict.passed ? '✓' : '✗') : 'cut short',
    ]);
  }
  // The failed checks go under the table, so that a long one does not widen it past 120 columns.
  const failedChecks = result.steps.flatMap((step) =>
    step.verdict.checks
      .filter((check) => !check.passed)
      .map((check) => `  at ${formatCount(step.rps)} rps: ${formatCheck(check)}`),
  );
  const lines = [
    title,
    table.toString(),
    '(p50 / p99 / max: latency of the successful requests of each step)',
    ...failedChecks,
  ];
  if (result.stoppedEarly) lines.push(`Stepping stopped early: ${result.stoppedEarly}.`);
  if (result.incomplete) lines.push(`The run did not complete: ${result.incomplete}.`);
  lines.push(
    result.maxPassingRps === undefined
      ? 'No step met the SLO.'
      : `Highest rate meeting the SLO: ${formatCount(result.maxPassingRps)} rps (${formatCount(Math.round(result.maxPassingRps / result.replicas))} rps per replica).`,
  );
  if (result.sizing) {
    lines.push(
      `For ${formatCount(result.sizing.targetRps)} rps: ${result.sizing.replicas} replicas (ceil(target / ${result.sizing.rpsPerReplica} rps per replica)).`,
      result.steps.some((step) => stepCompleted(step) && !step.verdict.passed)
        ? '  Conservative: the limit lies between the highest passing step and the first failing one.'
        : result.steps.every(stepCompleted)
          ? '  Conservative: no step failed, so the limit is above the highest rate tried.'
          : '  Conservative: the rates above it were not tried to the end, so the limit is not known.',
    );
  }
  if (result.platform.name === 'local') {
    lines.push(
      'Note: local replicas share this machine’s cores with the load generator; per-replica figures are a rehearsal,',
      '  not a sizing for a cluster node.',
    );
  }
  return `${lines.join('\n')}\n`;
}
