import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityResult, capacityStep, event, runResult } from '../analysis/fixtures.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// `rollbench recommend` as a user meets it on files it cannot use.
describe('rollbench recommend', () => {
  const dir = tempDir('rollbench-recommend-');

  it('refuses a result.json holding null with exit 3 and one line and its code, no stack trace', async () => {
    const file = join(dir.path, 'null.json');
    await writeFile(file, 'null\n');
    const ran = await rollbench(['recommend', file]);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toBe(
      `rollbench: ${file}: not a rollbench result: the file holds null, not a JSON object\ncode: INVALID_INPUT\n`,
    );
  });

  it('gives the requests/limits a capacity result supports, and writes them as a patch', async () => {
    const file = join(dir.path, 'capacity.json');
    const patch = join(dir.path, 'patch.yaml');
    await writeFile(
      file,
      JSON.stringify(capacityResult([capacityStep(500, true, { cpuP95: 400, memoryMax: 200 * 1024 ** 2 })])),
    );
    const ran = await rollbench(['recommend', file, '--patch-out', patch]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('This is the result of a capacity run');
    expect(ran.stdout).toContain('  KRR-style  requests cpu 400m, memory 230Mi; limits cpu –, memory 230Mi; Burstable');
    expect(ran.stdout).toContain('  For 3,000 rps: 12 replicas');
    expect(await readFile(patch, 'utf8')).toContain('cpu: 400m');
  });

  it('names the containers of the Deployment the run read, writes the patch as JSON for a .json file', async () => {
    const result = runResult({
      buckets: [],
      timeline: [event(1000, 'pod-terminating', 'a'), event(1000, 'sigterm-sent', 'a'), event(1200, 'pod-exited', 'a')],
      pods: { a: { requests: 10, failed: 0, firstSentMs: 0, lastSentMs: 1500 } },
    });
    result.workload = {
      before: {
        name: 'shop/web',
        replicas: 2,
        strategy: { type: 'RollingUpdate' },
        minReadySeconds: 0,
        terminationGracePeriodSeconds: 30,
        containers: [{ name: 'web' }, { name: 'envoy' }],
      },
    };
    const file = join(dir.path, 'run.json');
    const patch = join(dir.path, 'patch.json');
    await writeFile(file, JSON.stringify(result));
    const ran = await rollbench(['recommend', file, '--container', 'web', '--patch-out', patch]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('apply: kubectl patch deployment web -n shop --type strategic --patch-file <file>');
    const written = JSON.parse(await readFile(patch, 'utf8'));
    expect(written.spec.template.spec.containers).toEqual([
      { name: 'web', lifecycle: { preStop: { sleep: { seconds: 2 } } } },
    ]);
    const unknown = await rollbench(['recommend', file, '--container', 'app']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--container app: no container of that name in shop/web');
  });
});
