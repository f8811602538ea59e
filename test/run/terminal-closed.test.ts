import { describe, expect, it } from 'vitest';
import { descendantsOf, killAll } from '../support/processes.js';
import { until } from '../support/until.js';
import { alive, readResult, replicaPods, runInTerminal, runningReplicas, shortRollout } from './helpers.js';

describe('rollbench run in a terminal that closes (window closed, ssh session dropped)', () => {
  it('stops gracefully on the hang-up, writes the result, and leaves no replica running', async () => {
    const run = await runInTerminal(shortRollout(1).replace('cooldown: 1s', 'cooldown: 60s'));
    const terminal = run.terminal.child;
    const outDir = run.outDir;
    let rollbench: number | undefined;
    let replicas: number[] = [];
    try {
      // The progress line names the phase: hang up mid-rollout; killing script closes the terminal, and the kernel
      // hangs up on rollbench.
      await until(() => /rollout@1s[: ] /.test(run.screen()), 30_000);
      rollbench = run.rollbenchPid();
      expect(rollbench).toBeDefined();
      replicas = descendantsOf(rollbench as number);
      terminal.kill('SIGKILL');
      await until(() => !alive(rollbench), 20_000);
      const result = await readResult(outDir);
      expect(result.incomplete).toMatch(/^interrupted during (rollout@1s|steady|cooldown)$/);
      expect(result.summary.requests).toBeGreaterThan(0);
      expect(replicaPods(result).length).toBeGreaterThanOrEqual(3);
      expect(runningReplicas(result)).toEqual([]);
    } finally {
      terminal.kill('SIGKILL');
      if (alive(rollbench)) process.kill(rollbench as number, 'SIGKILL');
      killAll(replicas);
    }
  });
});
