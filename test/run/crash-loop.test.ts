import { describe, expect, it } from 'vitest';
import { readResult, replicaPods, runningReplicas, runScenario } from './helpers.js';

describe('rollbench run with a replica command that cannot start', () => {
  it('exits 5 within seconds with the reason and the pod’s last output, and writes the result', async () => {
    const startedMs = performance.now();
    const ran = await runScenario(`name: missing-binary
target:
  platform: local
  app: { command: ["/nonexistent/server", "--port", "{port}"] }
  replicas: 3
`);
    // Not the whole 60 s start-up timeout: a pod that cannot run fails start-up as soon as its status says so.
    expect(performance.now() - startedMs).toBeLessThan(30_000);
    expect(ran.code).toBe(5);
    expect(ran.stderr).toMatch(
      /rollbench: revision 1 cannot start: its pod web-\S+ cannot run \(ErrImagePull\): image "local-command" cannot be run here: its command "\/nonexistent\/server" is not an executable on this machine/,
    );
    expect(ran.stderr).toMatch(/hint: kubectl logs web-\S+ shows its output/);
    const result = await readResult(ran.outDir);
    expect(replicaPods(result)).toHaveLength(3);
    expect(result.incomplete).toMatch(/^start-up failed with 0 of 3 replicas ready: revision 1 cannot start/);
    expect(runningReplicas(result)).toEqual([]);
  });
});
