import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { startScenario } from './helpers.js';

describe('a run whose output folder cannot take the result', () => {
  it('writes what it measured to a temporary file instead and says why, rather than losing it', async () => {
    const { run, outDir } = await startScenario(`name: gone
target:
  platform: local
  app: { sampleApp: {} }
  replicas: 1
  readinessProbe: { periodSeconds: 0.2 }
load: { rate: 20, connections: 2 }
warmup: 0s
cooldown: 500ms
`);
    // The folder disappears during the run (a cleanup job, a full disk would do the same): before, `done`
    // rejected with ENOENT and everything measured was gone.
    const poll = setInterval(() => {
      if (run.progress() !== undefined) {
        clearInterval(poll);
        void rm(outDir, { recursive: true, force: true });
      }
    }, 20);
    const outcome = await run.done;
    clearInterval(poll);
    expect(outcome.writeError).toMatch(new RegExp(`^could not write ${join(outDir, 'result.json')}: ENOENT$`));
    expect(outcome.resultFile.startsWith(tmpdir())).toBe(true);
    const written = JSON.parse(await readFile(outcome.resultFile, 'utf8')) as RunResult;
    expect(written.summary.requests).toBe(outcome.result.summary.requests);
    expect(written.summary.requests).toBeGreaterThan(0);
    await rm(outcome.resultFile, { force: true });
  });
});
