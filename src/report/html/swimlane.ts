import type { RunResult } from '../../core/run-result.js';
import { formatCount } from '../format.js';
import { escapeHtml } from './escape.js';

/** One pod's life on the run's clock, ms since the load started. */
interface Lane {
  pod: string;
  createdMs: number;
  readyMs?: number;
  terminatingMs?: number;
  exitedMs?: number;
  requests: number;
  failed: number;
  firstFailedMs?: number;
  lastFailedMs?: number;
}

function lanesOf(result: RunResult): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const event of result.timeline) {
    if (event.pod === undefined) continue;
    const lane = lanes.get(event.pod) ?? { pod: event.pod, createdMs: event.atMs, requests: 0, failed: 0 };
    if (event.type === 'pod-ready') lane.readyMs ??= event.atMs;
    if (event.type === 'pod-terminating') lane.terminatingMs ??= event.atMs;
    if (event.type === 'pod-exited' || event.type === 'pod-killed') lane.exitedMs ??= event.atMs;
    lanes.set(event.pod, lane);
  }
  for (const lane of lanes.values()) {
    const totals = result.summary.pods?.[lane.pod];
    if (!totals) continue;
    Object.assign(lane, {
      requests: totals.requests,
      failed: totals.failed,
      firstFailedMs: totals.firstFailedMs,
      lastFailedMs: totals.lastFailedMs,
    });
  }
  return [...lanes.values()].sort((a, b) => a.createdMs - b.createdMs);
}

// Layout in SVG user units; the drawing scales to the page's width.
const WIDTH = 1000;
const LABEL = 170;
const COUNTS = 150;
const LANE = 26;
const BAR = 14;
const AXIS = 24;

/** Characters of a pod name the label column holds; longer names keep their ends (the unique suffix). */
const LABEL_CHARS = 24;

function shortName(pod: string): string {
  return pod.length <= LABEL_CHARS ? pod : `${pod.slice(0, 9)}…${pod.slice(-(LABEL_CHARS - 10))}`;
}

/** A step for the time axis giving about eight ticks: 1, 2 or 5 × a power of ten seconds. */
function tickStepMs(spanMs: number): number {
  const rough = spanMs / 8;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return ([1, 2, 5, 10].map((f) => f * power).find((step) => step >= rough) ?? 10 * power) as number;
}

/**
 * The pods' swim lanes as an SVG: starting (created → ready), serving (ready → terminating), terminating
 * (→ exited), and the window in which requests failed on the pod that took them, with its counts. Pod names are
 * escaped text. Empty when the timeline names no pod.
 */
export function renderSwimlane(result: RunResult): string {
  const lanes = lanesOf(result);
  if (lanes.length === 0) return '';
  const endMs = result.summary.durationMs;
  const startMs = Math.min(0, ...lanes.map((lane) => lane.createdMs));
  const plot = WIDTH - LABEL - COUNTS;
  const xOf = (ms: number) => LABEL + ((ms - startMs) / (endMs - startMs || 1)) * plot;
  const height = lanes.length * LANE + AXIS;
  const rect = (cls: string, fromMs: number, toMs: number, y: number, title: string) =>
    `<rect class="${cls}" x="${xOf(fromMs).toFixed(1)}" y="${y}" width="${Math.max(1.5, xOf(toMs) - xOf(fromMs)).toFixed(1)}" height="${BAR}"><title>${escapeHtml(title)}</title></rect>`;
  const rows = lanes.map((lane, index) => {
    const y = index * LANE + (LANE - BAR) / 2;
    const name = escapeHtml(lane.pod);
    const parts = [
      `<text class="pod" x="${LABEL - 8}" y="${y + BAR - 3}" text-anchor="end">${escapeHtml(shortName(lane.pod))}<title>${name}</title></text>`,
    ];
    const readyMs = lane.readyMs ?? lane.terminatingMs ?? lane.exitedMs ?? endMs;
    const stopMs = lane.terminatingMs ?? lane.exitedMs ?? endMs;
    parts.push(rect('starting', lane.createdMs, readyMs, y, `${lane.pod}: starting`));
    if (lane.readyMs !== undefined) parts.push(rect('serving', lane.readyMs, stopMs, y, `${lane.pod}: ready, serving`));
    if (lane.terminatingMs !== undefined) {
      parts.push(rect('terminating', lane.terminatingMs, lane.exitedMs ?? endMs, y, `${lane.pod}: terminating`));
    }
    if (lane.failed > 0 && lane.firstFailedMs !== undefined) {
      const title = `${lane.pod}: ${formatCount(lane.failed)} failed requests`;
      parts.push(rect('failed', lane.firstFailedMs, lane.lastFailedMs ?? lane.firstFailedMs, y, title));
    }
    if (lane.exitedMs !== undefined) {
      // A tick, not a span: after the exit, only failures (requests routed to a pod that is gone) are drawn.
      parts.push(
        `<rect class="exited" x="${(xOf(lane.exitedMs) - 1).toFixed(1)}" y="${y - 3}" width="2.5" height="${BAR + 6}"><title>${name}: exited</title></rect>`,
      );
    }
    const counts = `${formatCount(lane.requests)} req${lane.failed > 0 ? ` · ${formatCount(lane.failed)} failed` : ''}`;
    parts.push(
      `<text class="counts${lane.failed > 0 ? ' has-failed' : ''}" x="${WIDTH - COUNTS + 10}" y="${y + BAR - 3}">${counts}</text>`,
    );
    return parts.join('');
  });
  const step = tickStepMs(endMs - startMs);
  const ticks: string[] = [];
  const axisY = lanes.length * LANE;
  for (let ms = Math.ceil(startMs / step) * step; ms <= endMs; ms += step) {
    const x = xOf(ms).toFixed(1);
    ticks.push(
      `<line class="tick" x1="${x}" x2="${x}" y1="0" y2="${axisY + 4}"/>` +
        `<text class="tick-label" x="${x}" y="${axisY + 18}" text-anchor="middle">${ms / 1000} s</text>`,
    );
  }
  return (
    `<svg class="swimlane" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="pod lifecycles">` +
    `${ticks.join('')}${rows.join('')}</svg>`
  );
}
