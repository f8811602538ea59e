import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacityResult } from '../../src/core/run-result.js';
import { readResult, replicaPods, runningReplicas, runScenario, startScenario } from './helpers.js';

// A run that ends before its replicas are ready still writes a result: how far start-up got, the timeline so
// far, no load.

const slowStart = `name: slow-start
target:
  platform: local
  app: { sampleApp: { startupDelay: 10s } }
  replicas: 3
`;

/**
 * Ctrl-C once the run's three pods exist (the kubelet has started each, so each has a log folder; they take 10 s to
 * listen), so start-up is under way, not over — and 1 s later: the log folders are the cluster's doing, and the
 * run learns of the pods through its watch, which on a busy machine came after them (CI saw a timeline with no
 * pod). A second is a tenth of the 10 s start-up delay, so start-up is still far from over.
 */
function interruptOncePodsExist(outDir: string): (child: ChildProcess) => void {
  return (child) => {
    const poll = setInterval(() => {
      if (readdirOrNone(join(outDir, 'logs', 'default')).length < 3) return;
      clearInterval(poll);
      setTimeout(() => child.kill('SIGINT'), 1000);
    }, 50);
    child.on('exit', () => clearInterval(poll));
  };
}

function readdirOrNone(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

describe('a run that ends during start-up', () => {
  it('interrupted: exit 130, a result saying how many replicas were ready, no load, no replica left', async () => {
    const outDir = join(await mkdtemp(join(tmpdir(), 'rollbench-start-up-')), 'out');
    const ran = await runScenario(slowStart, { outDir, whileRunning: interruptOncePodsExist(outDir) });
    expect(ran.code).toBe(130);
    expect(ran.stderr).toContain(
      'rollbench: the run did not complete: interrupted during start-up: 0 of 3 replicas ready',
    );
    expect(ran.stdout).toContain('No load was sent (the verdict below says why).');
    // Said once, within 120 columns, with no checks judged on zero requests.
    expect(ran.stdout.trimEnd().split('\n').slice(-1)[0]).toMatch(/^(FAIL: the run did not complete| {2})/);
    expect(ran.stdout).not.toContain('maxFailedRequests');
    expect(Math.max(...ran.stdout.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(120);
    const result = await readResult(ran.outDir);
    expect(result.incomplete).toBe('interrupted during start-up: 0 of 3 replicas ready');
    expect(result.summary).toMatchObject({ requests: 0, durationMs: 0 });
    expect(result.settings.durationMs).toBe(0);
    expect(result.buckets).toEqual([]);
    // The timeline so far, counted from where the load would have started.
    const created = result.timeline.filter((event) => event.type === 'pod-created');
    expect(created.map((event) => event.pod)).toEqual([
      expect.stringMatching(/^web-/),
      expect.stringMatching(/^web-/),
      expect.stringMatching(/^web-/),
    ]);
    expect(created.every((event) => event.atMs < 0)).toBe(true);
    expect(runningReplicas(result)).toEqual([]);
  });

  it('a capacity run interrupted: exit 130, a result with no step and how far start-up got', async () => {
    const outDir = join(await mkdtemp(join(tmpdir(), 'rollbench-start-up-')), 'out');
    const ran = await runScenario(`${slowStart}capacity: { rates: [50], stepDuration: 1s }\n`, {
      outDir,
      whileRunning: interruptOncePodsExist(outDir),
    });
    expect(ran.code).toBe(130);
    const result = (await readResult(ran.outDir)) as unknown as CapacityResult;
    expect(result).toMatchObject({
      kind: 'capacity',
      steps: [],
      incomplete: 'interrupted during start-up: 0 of 3 replicas ready',
    });
    expect(ran.stdout).toContain('No step ran: the run did not complete (interrupted during start-up');
    expect(runningReplicas(result)).toEqual([]);
  });

  it('failed (replicas never ready): the error, and a result saying how far start-up got', async () => {
    const { run, outDir } = await startScenario(
      `name: never-ready
target:
  platform: local
  app: { sampleApp: {} }
  replicas: 2
  readinessProbe: { path: "/?status=500", periodSeconds: 0.1 }
`,
      { startTimeoutMs: 1000 },
    );
    const { result, error, interrupted } = await run.done;
    expect(error).toMatchObject({ code: 'REPLICAS_NOT_READY', exitCode: 5 });
    expect(interrupted).toBe(false);
    expect(result.incomplete).toBe(
      'start-up failed with 0 of 2 replicas ready: the replicas did not all become ready within 1000 ms',
    );
    expect(await readResult(outDir)).toMatchObject({ incomplete: result.incomplete, summary: { requests: 0 } });
    expect(replicaPods(result)).toHaveLength(2);
    expect(runningReplicas(result)).toEqual([]);
  });
});
