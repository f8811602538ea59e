import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnWithDeadline } from '../support/child.js';
import { rollbenchBin } from '../support/cli.js';
import { childrenOf, killGroups } from '../support/processes.js';
import { until } from '../support/until.js';
import { alive, readResult, replicaPids, shortRollout } from './helpers.js';

describe('rollbench run in a terminal that closes (window closed, ssh session dropped)', () => {
  it('stops gracefully on the hang-up, writes the result, and leaves no replica running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-hangup-'));
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, shortRollout(1).replace('cooldown: 1s', 'cooldown: 60s'));
    const outDir = join(dir, 'out');
    // script(1) gives rollbench a terminal of its own; killing script closes it, and the kernel hangs up on rollbench.
    const command = `exec '${process.execPath}' '${rollbenchBin}' run '${file}' --out '${outDir}'`;
    const terminal = spawnWithDeadline('script', ['-q', '-e', '-c', command, '/dev/null'], {
      keepStdinOpen: true,
    }).child;
    let rollbench: number | undefined;
    let replicas: number[] = [];
    try {
      let screen = '';
      terminal.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
      });
      // The progress line names the phase: hang up mid-rollout.
      await until(() => screen.includes('rollout@1s  '), 30_000);
      rollbench = childrenOf(terminal.pid ?? 0)[0];
      expect(rollbench).toBeDefined();
      replicas = childrenOf(rollbench as number);
      terminal.kill('SIGKILL');
      await until(() => !alive(rollbench), 20_000);
      const result = await readResult(outDir);
      expect(result.incomplete).toMatch(/^interrupted during (rollout@1s|steady|cooldown)$/);
      expect(result.summary.requests).toBeGreaterThan(0);
      expect(replicaPids(result).length).toBeGreaterThanOrEqual(3);
      expect(replicaPids(result).filter(alive)).toEqual([]);
    } finally {
      terminal.kill('SIGKILL');
      if (alive(rollbench)) process.kill(rollbench as number, 'SIGKILL');
      killGroups(replicas);
    }
  });
});
