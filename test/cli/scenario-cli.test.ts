import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// validate / plan / run as a user meets them on a broken or a good scenario file.
import { rollbench } from '../support/cli.js';

const broken = `name: broken
target:
  platform: local
  app: { sampleApp: { cpu: 5 } }
  replica: 3
  strategy:
    rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" }
warmup: -1s
`;

describe('scenario commands', () => {
  it('validate prints every problem as rollbench: file:line:col path: message and exits 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-validate-'));
    const file = join(dir, 'broken.yaml');
    await writeFile(file, broken);
    const ran = await rollbench(['validate', file, 'scenarios/local-rollout.yaml']);
    expect(ran.code).toBe(3);
    const lines = ran.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^rollbench: ${file}:4:28 target\\.app\\.sampleApp\\.cpu: "5" has no unit`)),
      expect.stringMatching(
        new RegExp(`^rollbench: ${file}:5:3 target\\.replica: unknown field; did you mean "replicas"`),
      ),
      expect.stringMatching(
        new RegExp(`^rollbench: ${file}:\\d+:\\d+ target\\.strategy\\.rollingUpdate.*both resolve to 0`),
      ),
      expect.stringMatching(new RegExp(`^rollbench: ${file}:8:9 warmup: `)),
      'code: INVALID_SCENARIO',
    ]);
    expect(ran.stdout).toBe('scenarios/local-rollout.yaml: ok\n');
  });

  it('run refuses an invalid scenario with all its problems, exit 3, before starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-validate-'));
    const file = join(dir, 'broken.yaml');
    await writeFile(file, broken);
    const ran = await rollbench(['run', file, '--out', join(dir, 'out')]);
    expect(ran.code).toBe(3);
    expect(ran.stderr.match(/broken\.yaml:\d+:\d+/g)).toHaveLength(4);
    expect(ran.stdout).toBe('');
  });

  it('plan prints the timeline without running anything', async () => {
    const ran = await rollbench(['plan', 'scenarios/local-rollout.yaml']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('t=5s     rollout: replace every pod');
    expect(ran.stdout).toContain('SLO: maxFailedRequests ≤ 0');
  });

  it('a missing scenario file is exit 3 naming the file', async () => {
    const ran = await rollbench(['plan', 'no/such/file.yaml']);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain('no/such/file.yaml: cannot read the scenario: no such file');
  });

  it('run on an invalid scenario removes the result.json a previous run left in --out, so CI cannot read it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-stale-'));
    const file = join(dir, 'broken.yaml');
    await writeFile(file, broken);
    await writeFile(join(dir, 'result.json'), '{"stale":true}');
    const ran = await rollbench(['run', file, '--out', dir]);
    expect(ran.code).toBe(3);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
  });

  it('refuses a rate that the run timeout would make more sends than one load counts, naming the timeout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-sends-'));
    const file = join(dir, 'long.yaml');
    await writeFile(
      file,
      'name: long\ntarget: { platform: local, app: { sampleApp: {} } }\nload: { rate: 100000 }\ntimeout: 10h\n',
    );
    const ran = await rollbench(['validate', file]);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toMatch(
      new RegExp(`^rollbench: ${file}:4:10 timeout: 100000 rps for up to 600m .*shorten the timeout to at most \\d+`),
    );
  });
});
