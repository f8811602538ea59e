import { isFailure } from '../core/outcome.js';
import type { RunResult } from '../core/run-result.js';
import { renderLoadSummary } from './console.js';
import { formatCount, formatMebibytes, formatSeconds } from './format.js';
import { plainTable } from './table.js';

function failuresText(outcomes: Record<string, number>): string {
  const failures = Object.entries(outcomes).filter(([key]) => isFailure(key));
  return failures.length === 0 ? '' : failures.map(([key, count]) => `${key} ×${formatCount(count)}`).join(', ');
}

/**
 * The human summary of `rollbench run`: outcomes, failures per phase, and (verbose) per removed pod. The
 * verdict comes last, after the analysis: see `renderVerdict`.
 */
export function renderRunSummary(result: RunResult, { verbose = false } = {}): string {
  const title = `Scenario "${result.scenario.name}" on ${result.platform.description}`;
  // The run ended during start-up: there is nothing to count or judge.
  if (result.buckets.length === 0 && result.incomplete)
    return `${title}\nNo load was sent (the verdict below says why).\n`;
  // The platform's own processes right under the generator's line: each figure says whose it is.
  const cpu = (figures: { cpuMs: number; startUpCpuMs?: number }) =>
    `CPU ${formatSeconds(figures.cpuMs)}` +
    (figures.startUpCpuMs === undefined
      ? ''
      : ` (${formatSeconds(figures.cpuMs - figures.startUpCpuMs)} after start-up)`);
  const processes = (result.platform.processes ?? []).flatMap((process) => [
    ...withinColumns(
      `${process.name[0]?.toUpperCase()}${process.name.slice(1)}: ${cpu(process)}, ` +
        `peak memory ${formatMebibytes(process.peakRssBytes)}`,
      process.note,
    ),
    ...(process.threads ?? []).map(
      (thread) =>
        `  of which its ${thread.name} thread: ${cpu(thread)}${thread.note === undefined ? '' : ` (${thread.note})`}`,
    ),
  ]);
  const lines = [title, [renderLoadSummary(result, { partOfRun: true }).trimEnd(), ...processes, ''].join('\n')];

  const phases = plainTable(
    ['phase', 'window', 'requests', 'failed', 'failures by outcome'],
    ['left', 'left', 'right', 'right', 'left'],
  );
  for (const phase of result.phases) {
    phases.push([
      phase.name,
      `${formatSeconds(phase.fromMs)} – ${formatSeconds(phase.toMs)}`,
      formatCount(phase.requests),
      formatCount(phase.failed),
      failuresText(phase.outcomes),
    ]);
  }
  lines.push('Failures per phase (whole time buckets):', phases.toString());

  const removed = result.actions.flatMap((action) => action.podsRemoved.map((pod) => ({ pod, action: action.id })));
  if (verbose && removed.length > 0 && result.summary.pods) {
    const pods = plainTable(
      ['removed pod', 'by', 'terminating at', 'last request sent at', 'requests', 'failed'],
      ['left', 'left', 'right', 'right', 'right', 'right'],
    );
    for (const { pod, action } of removed) {
      const totals = result.summary.pods[pod];
      const terminating = result.timeline.find((event) => event.type === 'pod-terminating' && event.pod === pod);
      pods.push([
        pod,
        action,
        terminating ? formatSeconds(terminating.atMs) : '–',
        totals ? formatSeconds(totals.lastSentMs) : '–',
        formatCount(totals?.requests ?? 0),
        formatCount(totals?.failed ?? 0),
      ]);
    }
    lines.push('Replaced pods (failures counted by the pod that answered, or that the proxy named):', pods.toString());
  }
  for (const action of result.actions) {
    if (action.error) lines.push(`Action ${action.id} failed: ${action.error}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `line (note)`, or the note on a line of its own when together they would not fit a 120-column terminal. */
function withinColumns(line: string, note: string | undefined): string[] {
  if (note === undefined) return [line];
  const together = `${line} (${note})`;
  return together.length <= 120 ? [together] : [line, `  (${note})`];
}
