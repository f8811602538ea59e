import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnWithDeadline, waitForOutput } from '../support/child.js';
import { rollbenchBin } from '../support/cli.js';
import { readResult, runningReplicas, shortRollout } from './helpers.js';

// ^C in a terminal sends SIGINT to the whole foreground process group, not to rollbench alone. The embedded
// cluster runs in a session of its own, so it stops when rollbench says so — after the load — not at once.

/** Well under the test's timeout (90 s, helpers.ts), so a hung run fails with its output, not vitest's timeout. */
const RUN_DEADLINE_MS = 60_000;

describe('rollbench run interrupted from its terminal (SIGINT to the process group)', () => {
  it('stops the load first, then the cluster: no request fails for it, exit 130, nothing left running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-group-int-'));
    const file = join(dir, 'scenario.yaml');
    // Each answer takes 100 ms, so that about ten requests are in flight when the interrupt comes: a graceful stop
    // waits for them, an abort would leave them unfinished.
    const scenario = shortRollout(1)
      .replace('sampleApp: { onSigterm: exit }', 'sampleApp: { onSigterm: exit, delay: 100ms }')
      .replace('cooldown: 1s', 'cooldown: 60s');
    await writeFile(file, scenario);
    const outDir = join(dir, 'out');
    // A process group of its own, led by rollbench, standing in for a terminal's foreground job; stopped (the whole
    // group) at its deadline or when the test ends, whichever comes first.
    const run = spawnWithDeadline(process.execPath, [rollbenchBin, 'run', file, '--out', outDir], {
      detached: true,
      deadlineMs: RUN_DEADLINE_MS,
    });
    try {
      // Once the measured load runs (past the warm-up, whose requests are counted apart): the whole group gets it,
      // as from a terminal.
      await waitForOutput(run.child, 'stderr', /progress: rollout/, RUN_DEADLINE_MS);
      process.kill(-(run.child.pid ?? 0), 'SIGINT');
      expect((await run.ended).code).toBe(130);
    } finally {
      await run.stop();
    }
    const result = await readResult(outDir);
    expect(result.incomplete).toMatch(/^interrupted during /);
    expect(result.summary.requests).toBeGreaterThan(0);
    expect(result.summary.failed).toBe(0);
    // The first Ctrl-C stops gracefully: the requests in flight got their answers.
    expect(result.summary.unfinished).toBe(0);
    expect(result.restored).toEqual({ restored: ['stopped the embedded cluster and every pod'], leftChanged: [] });
    expect(runningReplicas(result)).toEqual([]);
  });
});
