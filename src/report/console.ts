import { formatDurationMs } from '../core/duration.js';
import { isFailure } from '../core/outcome.js';
import type { LateSends, LoadResult, LoadSummary } from '../core/result.js';
import { formatCount, formatMebibytes, formatMs, formatPercent } from './format.js';
import { plainTable } from './table.js';

/**
 * The human summary of a load: what was sent, a table per outcome, and how well the schedule was kept.
 * `partOfRun`: the load of a `rollbench run`, which the run itself ends (so no "stopped early" note, and the
 * measured duration rather than the configured one, which is only the run's timeout).
 */
export function renderLoadSummary(result: LoadResult, { partOfRun = false } = {}): string {
  const { settings, summary } = result;
  const model = settings.model === 'open' ? `open model, ${formatCount(settings.rps ?? 0)} rps` : 'closed model';
  const durationMs = partOfRun ? Math.round(summary.durationMs) : settings.durationMs;
  const lines = [
    `${settings.method} ${settings.url} · ${model} · ${settings.connections} connections · ${formatDurationMs(durationMs)}`,
  ];
  if (summary.stopReason !== 'completed' && !(partOfRun && summary.stopReason === 'stopped')) {
    lines.push(`Stopped early (${summary.stopReason}) after ${formatDurationMs(Math.round(summary.durationMs))}.`);
  }

  const table = plainTable(
    ['outcome', 'count', 'share', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  for (const [key, stats] of Object.entries(summary.outcomes)) {
    table.push([
      isFailure(key) ? `${key} ✗` : key,
      formatCount(stats.count),
      formatPercent(stats.count, summary.requests),
      formatMs(stats.p50Ms),
      formatMs(stats.p90Ms),
      formatMs(stats.p99Ms),
      formatMs(stats.p999Ms),
      formatMs(stats.maxMs),
    ]);
  }
  lines.push(summary.requests > 0 ? table.toString() : 'No request finished.');

  lines.push(
    `${formatCount(summary.requests)} requests in ${formatDurationMs(Math.round(summary.durationMs))} · ` +
      `${formatCount(summary.failed)} failed (${formatPercent(summary.failed, summary.requests)}) · ` +
      `drain ${formatDurationMs(Math.round(summary.drainMs))} (from the end of sending to the last outcome)`,
    `Rate: ${formatCount(summary.sentRps)} rps sent, ${formatCount(summary.succeededRps)} rps succeeded`,
  );
  if (settings.model === 'open') {
    const sent = summary.requests + summary.unfinished;
    const cap = settings.maxInFlight;
    lines.push(
      `Schedule: ${lateness(summary.lateSends, sent, 'sends')}` +
        (cap === undefined
          ? ''
          : `; ${formatCount(summary.droppedSends)} dropped at the in-flight cap of ${formatCount(cap)}`),
    );
    if (summary.lateWrites !== undefined)
      lines.push(
        `Writes onto a connection: ${lateness(summary.lateWrites, sent, 'requests')}, the pool's queue included`,
      );
  }
  const warmup = summary.warmup;
  if (warmup !== undefined)
    lines.push(
      `Warm-up: ${formatCount(warmup.requests)} requests in ${formatDurationMs(Math.round(warmup.durationMs))} before ` +
        `the judged load, ${formatCount(warmup.failed)} failed (${formatPercent(warmup.failed, warmup.requests)}); ` +
        'in none of the figures above',
    );
  if (summary.unfinished > 0)
    lines.push(`${formatCount(summary.unfinished)} requests were still in flight when aborted.`);
  lines.push(...generatorLines(summary.generator));
  return `${lines.join('\n')}\n`;
}

/** "x % of <what> late > 1 ms, y % > 10 ms (latest z ms)", as shares of `sent`. */
function lateness(late: LateSends, sent: number, what: string): string {
  return (
    `${formatPercent(late.over1Ms, sent)} of ${what} late > 1 ms, ${formatPercent(late.over10Ms, sent)} > 10 ms ` +
    `(latest ${formatMs(late.maxMs)} ms)`
  );
}

/**
 * What sending the load cost. With a thread of its own (`rollbench run`), that thread is the generator and leads;
 * the process around it (the Kubernetes client, watches, actions) follows on a line of its own. The event loop
 * sends and records on one core whatever the others do: near a whole core busy, it may be the bottleneck.
 */
function generatorLines(generator: LoadSummary['generator']): string[] {
  const thread = generator.loadThread;
  const processFigures = `CPU ${generator.cpuPercentOfCores.toFixed(0)} % of the ${generator.cores} cores it could use, peak memory ${formatMebibytes(generator.maxRssBytes)}`;
  const lines =
    thread === undefined
      ? [`Generator: ${processFigures}`]
      : [
          `Generator (the load's thread): CPU ${thread.cpuPercentOfCore.toFixed(0)} % of one core, ` +
            `${formatMs(thread.waitedForCpuMs)} ms waiting for a free core` +
            (thread.peakMemoryBytes === undefined ? '' : `, memory ${formatMebibytes(thread.peakMemoryBytes)}`),
          `rollbench process (load, Kubernetes client, watches): ${processFigures}`,
        ];
  const coresBusy =
    thread === undefined ? (generator.cpuPercentOfCores * generator.cores) / 100 : thread.cpuPercentOfCore / 100;
  if (coresBusy > 0.9) {
    lines.push('  about a whole core busy: its event loop may be the bottleneck (latencies include its own delays)');
  }
  return lines;
}
