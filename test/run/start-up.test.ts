import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CapacityResult } from '../../src/core/run-result.js';
import { alive, readResult, replicaPids, runScenario, startScenario } from './helpers.js';

// A run that ends before its replicas are ready still writes a result: how far start-up got, the timeline so
// far, no load.

const slowStart = `name: slow-start
target:
  platform: local
  app: { sampleApp: { startupDelay: 10s } }
  replicas: 3
`;

/** Ctrl-C a second after the run says it is starting the replicas (they take 10 s to listen). */
function interruptAfterStart(child: ChildProcess): void {
  child.stderr?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('Starting')) setTimeout(() => child.kill('SIGINT'), 1000);
  });
}

describe('a run that ends during start-up', () => {
  it('interrupted: exit 130, a result saying how many replicas were ready, no load, no replica left', async () => {
    const ran = await runScenario(slowStart, { whileRunning: interruptAfterStart });
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
    expect(created.map((event) => event.pod)).toEqual(['web-r1-1', 'web-r1-2', 'web-r1-3']);
    expect(created.every((event) => event.atMs < 0)).toBe(true);
    expect(replicaPids(result).filter(alive)).toEqual([]);
  });

  it('a capacity run interrupted: exit 130, a result with no step and how far start-up got', async () => {
    const ran = await runScenario(`${slowStart}capacity: { rates: [50], stepDuration: 1s }\n`, {
      whileRunning: interruptAfterStart,
    });
    expect(ran.code).toBe(130);
    const result = (await readResult(ran.outDir)) as unknown as CapacityResult;
    expect(result).toMatchObject({
      kind: 'capacity',
      steps: [],
      incomplete: 'interrupted during start-up: 0 of 3 replicas ready',
    });
    expect(ran.stdout).toContain('No step ran: the run did not complete (interrupted during start-up');
    expect(replicaPids(result).filter(alive)).toEqual([]);
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
    expect(replicaPids(result)).toHaveLength(2);
    expect(replicaPids(result).filter(alive)).toEqual([]);
  });
});
