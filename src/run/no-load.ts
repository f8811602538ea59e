import type { LoadResult } from '../core/result.js';
import { type LoadOptions, resolveLoadOptions } from '../load/options.js';
import { buildLoadResult } from '../load/summary.js';

/**
 * The load part of a run's result when no load was sent — the run ended during start-up: the settings it would
 * have run with, nothing measured.
 */
export function noLoad(options: LoadOptions, startedAt: Date): LoadResult {
  return buildLoadResult({
    options: resolveLoadOptions(options),
    startedAt,
    durationMs: 0,
    drainMs: 0,
    recorded: { buckets: [], outcomes: {}, pods: {} },
    late: { over1Ms: 0, over10Ms: 0, maxMs: 0 },
    droppedSends: 0,
    unfinished: 0,
    stopReason: 'stopped',
    cpu: { user: 0, system: 0 },
  });
}
