import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollbenchBin } from '../support/cli.js';
import { killAll } from '../support/processes.js';
import { readResult, runningReplicas, shortRollout } from './helpers.js';

// ^C in a terminal sends SIGINT to the whole foreground process group, not to rollbench alone. The embedded
// cluster runs in a session of its own, so it stops when rollbench says so — after the load — not at once.

describe('rollbench run interrupted from its terminal (SIGINT to the process group)', () => {
  it('stops the load first, then the cluster: no request fails for it, exit 130, nothing left running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-group-int-'));
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, shortRollout(1).replace('cooldown: 1s', 'cooldown: 60s'));
    const outDir = join(dir, 'out');
    // A process group of its own, led by rollbench, standing in for a terminal's foreground job.
    const child = spawn(process.execPath, [rollbenchBin, 'run', file, '--out', outDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const deadline = setTimeout(() => killAll([child.pid ?? 0]), 60_000);
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      // Once the load runs: the whole group gets it, as from a terminal.
      if (sent || !stderr.includes('progress: warmup')) return;
      sent = true;
      process.kill(-(child.pid ?? 0), 'SIGINT');
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(deadline);
    expect(code).toBe(130);
    const result = await readResult(outDir);
    expect(result.incomplete).toMatch(/^interrupted during /);
    expect(result.summary.requests).toBeGreaterThan(0);
    expect(result.summary.failed).toBe(0);
    expect(result.restored).toEqual({ restored: ['stopped the embedded cluster and every pod'], leftChanged: [] });
    expect(runningReplicas(result)).toEqual([]);
  });
});
