import type { Bucket } from '../core/result.js';
import type { PhaseCounts } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { countWindow } from './windows.js';

/**
 * Splits the run into phases — warmup, steady, each action from its start to its completion, the time
 * between and after actions — and counts requests and failures in each. Times are ms since load start.
 * Phase boundaries snap to bucket bounds, so each phase counts exactly the whole buckets its window shows: an
 * action owns every bucket from the one it starts in to the one it finishes in.
 */
export function phaseCounts(
  buckets: readonly Bucket[],
  timeline: readonly TimelineEvent[],
  warmupMs: number,
  endMs: number,
  bucketMs: number,
): PhaseCounts[] {
  const snap = (ms: number) => Math.floor(ms / bucketMs) * bucketMs;
  const cuts: Array<{ atMs: number; name: string }> = [{ atMs: 0, name: 'warmup' }];
  if (warmupMs > 0) cuts.push({ atMs: snap(warmupMs), name: 'steady' });
  for (const event of timeline) {
    if (event.type === 'action-started') cuts.push({ atMs: snap(event.atMs), name: event.subject ?? 'action' });
    // An action keeps the bucket it finished in (it would otherwise vanish when shorter than a bucket).
    if (event.type === 'action-finished')
      cuts.push({ atMs: Math.ceil(event.atMs / bucketMs) * bucketMs, name: 'cooldown' });
  }
  cuts.sort((a, b) => a.atMs - b.atMs);
  // Between two actions the service is in steady state again; only after the last one is it cooldown.
  const lastStartMs = Math.max(
    ...cuts.filter((cut) => !['warmup', 'steady', 'cooldown'].includes(cut.name)).map((cut) => cut.atMs),
  );
  for (const cut of cuts) if (cut.name === 'cooldown' && cut.atMs < lastStartMs) cut.name = 'steady';
  return cuts
    .filter((cut, i) => cuts[i + 1]?.atMs !== cut.atMs) // a later cut in the same bucket wins
    .map((cut, i, kept) => {
      const next = kept[i + 1]?.atMs ?? endMs;
      return { name: cut.name, ...countWindow(buckets, cut.atMs, next) };
    })
    .filter((phase) => phase.toMs > phase.fromMs);
}
