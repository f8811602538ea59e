import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, readResult, replicaPids, runScenario } from './helpers.js';

describe('rollbench run with a replica command that cannot start', () => {
  it('exits 5 within seconds with the reason and the pod’s last output, and writes the result', async () => {
    const startedMs = performance.now();
    const ran = await runScenario(`name: missing-binary
target:
  platform: local
  app: { command: ["/nonexistent/server", "--port", "{port}"] }
  replicas: 3
`);
    // It used to crash-loop 9 pods for the whole 60 s start-up timeout; two back-offs (1 s, 2 s) are the floor.
    expect(performance.now() - startedMs).toBeLessThan(30_000);
    expect(ran.code).toBe(5);
    expect(ran.stderr).toMatch(
      /rollbench: revision 1 cannot start: 6 of its pods crashed and none became ready; the last, web-r1-\d, ended with exit code 127 \(command not found\)/,
    );
    expect(ran.stderr).toMatch(/rollbench: {3}web-r1-\d: \d+: exec: \/nonexistent\/server: not found/);
    const result = await readResult(ran.outDir);
    // One wave of 3 simultaneous crashes is not the verdict: each replica was started again after its back-off.
    expect(result.timeline.filter((event) => event.type === 'pod-created')).toHaveLength(6);
    expect(result.incomplete).toMatch(/^start-up failed with 0 of 3 replicas ready: revision 1 cannot start/);
    expect(await readFile(join(ran.outDir, 'logs', 'web-r1-1.log'), 'utf8')).toContain(
      '/nonexistent/server: not found',
    );
    expect(replicaPids(result).filter(alive)).toEqual([]);
  });
});
