import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import { startTestCluster } from '../cluster/support.js';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// `rollbench run` on a kubernetes scenario: kubectl's flags reach the platform, and what cannot work says so.

const scenario = new URL('../../scenarios/k8s-rollout.yaml', import.meta.url).pathname;

describe('rollbench run on a kubernetes target', () => {
  const dir = tempDir('rollbench-run-k8s-');

  it('--kubeconfig naming no file: exit 3 naming it, nothing started', async () => {
    const ran = await rollbench(['run', scenario, '--kubeconfig', join(dir.path, 'nope'), '-o', join(dir.path, 'a')]);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain(`kubeconfig ${join(dir.path, 'nope')} does not exist`);
  });

  it('--keep without --verify: refused before anything runs (exit 2)', async () => {
    const ran = await rollbench(['run', scenario, '--kubeconfig', join(dir.path, 'nope'), '--keep']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('--keep keeps what --verify applies: give --verify too');
  });

  it('an API server that is gone: exit 5 pointing at rollbench doctor, and a result saying start-up failed', async () => {
    const cluster = await startTestCluster();
    await cluster.close();
    const out = join(dir.path, 'gone');
    const ran = await rollbench(['run', scenario, '--kubeconfig', cluster.kubeconfig, '-n', 'shop', '-o', out, '-q']);
    expect(ran.code).toBe(5);
    expect(ran.stderr).toMatch(/ECONNREFUSED/);
    expect(ran.stderr).toContain('rollbench doctor');
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.incomplete).toMatch(
      /^start-up failed: deployment shop\/sample-app: the API server at .* did not answer: /,
    );
    expect(result.platform).toMatchObject({
      name: 'kubernetes',
      description: expect.stringContaining('shop/sample-app'),
    });
    expect(result.summary.requests).toBe(0);
  });
});
