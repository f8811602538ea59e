import type { Bucket } from '../core/result.js';
import type { PhaseCounts } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { countWindow } from './windows.js';

/**
 * Where the judged window begins: the start of the bucket the warmup ends in. Buckets are the unit of
 * counting, so a warmup of 2.5 s with 1 s buckets judges from 2 s (a failure in that bucket is not excused).
 */
export function judgedFromMs(warmupMs: number, bucketMs: number): number {
  return Math.floor(warmupMs / bucketMs) * bucketMs;
}

interface ActionSpan {
  name: string;
  fromMs: number;
  toMs: number;
}

/** Each action from the bucket it started in to the end of the bucket it finished in (or the end of the run). */
function actionSpans(timeline: readonly TimelineEvent[], endMs: number, bucketMs: number): ActionSpan[] {
  const spans: ActionSpan[] = [];
  for (const event of timeline) {
    if (event.type !== 'action-started') continue;
    const finished = timeline.find((other) => other.type === 'action-finished' && other.action === event.action);
    spans.push({
      name: event.action ?? 'action',
      fromMs: Math.floor(event.atMs / bucketMs) * bucketMs,
      toMs: finished ? Math.min(endMs, Math.ceil(finished.atMs / bucketMs) * bucketMs) : endMs,
    });
  }
  return spans.sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * Splits the run into phases — warmup, steady, each action while it ran, steady again between actions, and
 * cooldown after the last — and counts requests and failures in each. Times are ms since load start; phase
 * bounds fall on bucket bounds, so each phase counts exactly the whole buckets its window shows. Actions that
 * overlap (one starts in the bucket where the previous finished) follow one another without a gap.
 */
export function phaseCounts(
  buckets: readonly Bucket[],
  timeline: readonly TimelineEvent[],
  warmupMs: number,
  endMs: number,
  bucketMs: number,
): PhaseCounts[] {
  const phases: PhaseCounts[] = [];
  const push = (name: string, fromMs: number, toMs: number) => {
    if (toMs > fromMs) phases.push({ name, ...countWindow(buckets, fromMs, toMs) });
  };
  const spans = actionSpans(timeline, endMs, bucketMs);
  let cursorMs = Math.min(judgedFromMs(warmupMs, bucketMs), endMs);
  push('warmup', 0, cursorMs);
  for (const span of spans) {
    const fromMs = Math.max(span.fromMs, cursorMs);
    push('steady', cursorMs, fromMs);
    push(span.name, fromMs, Math.max(fromMs, span.toMs));
    cursorMs = Math.max(cursorMs, span.toMs);
  }
  push(spans.length > 0 ? 'cooldown' : 'steady', cursorMs, endMs);
  return phases;
}
