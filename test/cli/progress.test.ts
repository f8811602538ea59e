import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressLine, type ProgressState } from '../../src/cli/progress.js';
import type { LoadProgress } from '../../src/load/engine.js';

function stream(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; text: () => string } {
  let written = '';
  const out = Object.assign(new PassThrough(), { isTTY, columns: 100, text: (): string => written });
  out.on('data', (chunk) => {
    written += chunk;
  });
  return out;
}

const progress = (elapsedMs: number, requests: number): LoadProgress => ({
  elapsedMs,
  durationMs: 10_000,
  requests,
  failed: 2,
  inFlight: 3,
  outcomes: new Map([
    ['200', requests - 2],
    ['502', 2],
  ]),
});

describe('ProgressLine', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws one line in place on a terminal: elapsed, rate, outcomes so far; clears it when stopped', async () => {
    vi.useFakeTimers();
    const out = stream(true);
    let now = 0;
    const line = new ProgressLine(out, () => ({ load: progress(now, now / 10) }), 250);
    line.start();
    now = 1000;
    vi.advanceTimersByTime(250);
    now = 2000;
    vi.advanceTimersByTime(250);
    line.stop();
    const text = out.text();
    expect(text).toContain('\r\x1b[K2.0s/10.0s  100 rps  200: 198  502: 2  in flight 3');
    expect(text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('leads with where the run is: the phase, or what an action waits for; alone while no load runs', () => {
    vi.useFakeTimers();
    const out = Object.assign(stream(true), { columns: 200 });
    let state: ProgressState = { label: 'start-up: 1 of 3 replicas ready' };
    const line = new ProgressLine(out, () => state, 250);
    line.start();
    vi.advanceTimersByTime(250);
    state = { label: 'rollout@5s', load: progress(6000, 600) };
    vi.advanceTimersByTime(250);
    state = { label: 'drain node-a: 1 eviction refused by the PDB, retrying in 5 s', load: progress(7000, 700) };
    vi.advanceTimersByTime(250);
    line.stop();
    const lines = out.text().split('\r\x1b[K');
    expect(lines).toContain('start-up: 1 of 3 replicas ready');
    expect(lines).toContain('rollout@5s  6.0s/10.0s  100 rps  200: 598  502: 2  in flight 3');
    expect(lines).toContain(
      'drain node-a: 1 eviction refused by the PDB, retrying in 5 s  7.0s/10.0s  100 rps  200: 698  502: 2  in flight 3',
    );
  });

  it('writes one line per phase when the stream is not a terminal (CI logs stay short)', () => {
    vi.useFakeTimers();
    const out = stream(false);
    let state: ProgressState = { label: 'start-up: 0 of 3 replicas ready' };
    const line = new ProgressLine(out, () => state, 250);
    line.start();
    vi.advanceTimersByTime(500);
    state = { label: 'start-up: 2 of 3 replicas ready' };
    vi.advanceTimersByTime(500);
    state = { label: 'warmup', load: progress(1000, 100) };
    vi.advanceTimersByTime(1000);
    state = { label: 'rollout@5s', load: progress(6000, 600) };
    vi.advanceTimersByTime(1000);
    line.stop();
    expect(out.text()).toBe('progress: start-up\nprogress: warmup\nprogress: rollout@5s\n');
  });
});
