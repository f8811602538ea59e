import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childrenOf, killGroups } from '../support/processes.js';
import { runScenario } from './helpers.js';

describe('a reused --out folder', () => {
  it('loses the previous run’s result.json and pod logs as the run starts (--verify’s too), even when this run writes none', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'rollbench-stale-'));
    await writeFile(join(outDir, 'result.json'), '{"stale": true}\n');
    await mkdir(join(outDir, 'logs'));
    await writeFile(join(outDir, 'logs', 'web-r9-9.log'), 'a previous run\n');
    await writeFile(join(outDir, 'notes.txt'), 'not ours: kept\n');
    // --verify writes its second run next to it: that one could be stale too, if the first run fails this time.
    await mkdir(`${outDir}-verify`);
    await writeFile(join(`${outDir}-verify`, 'result.json'), '{"stale": true}\n');
    let replicas: number[] = [];
    try {
      // Killed outright once its replicas exist (they take 10 s to listen): no chance to write anything.
      const ran = await runScenario(
        `name: stale
target:
  platform: local
  app: { sampleApp: { startupDelay: 10s } }
  replicas: 2
`,
        {
          outDir,
          args: ['--verify'],
          whileRunning: (child) => {
            const poll = setInterval(() => {
              const cluster = childrenOf(child.pid ?? 0)[0];
              replicas = cluster === undefined ? [] : childrenOf(cluster);
              if (replicas.length < 2) return;
              clearInterval(poll);
              child.kill('SIGKILL');
            }, 50);
            child.on('exit', () => clearInterval(poll));
          },
        },
      );
      expect(ran.code).toBeNull();
      expect(existsSync(join(outDir, 'result.json'))).toBe(false);
      expect(await readdir(join(outDir, 'logs'))).not.toContain('web-r9-9.log');
      expect(existsSync(join(outDir, 'notes.txt'))).toBe(true);
      expect(existsSync(join(`${outDir}-verify`, 'result.json'))).toBe(false);
    } finally {
      killGroups(replicas);
    }
  });
});
