import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ErrorCode, exitCodeOf } from '../../src/core/errors.js';
import { type Ran, rollbench } from '../support/cli.js';
import { closedPort } from '../support/target-server.js';
import { tempDir } from '../support/temp-dir.js';

// Every error the CLI prints ends with its stable code on a line of its own (README's "Exit codes"), so that a user
// can search for it and a CI log shows it: one of each kind a user meets.

const lastLine = (stderr: string): string => stderr.trimEnd().split('\n').at(-1) ?? '';

function expectCode(ran: Ran, code: ErrorCode): void {
  expect(lastLine(ran.stderr)).toBe(`code: ${code}`);
  expect(ran.code).toBe(exitCodeOf(code));
}

describe('the code of an error, on its last line', () => {
  const dir = tempDir('rollbench-codes-');

  it('a usage error: USAGE, whether rollbench or Commander refused the option', async () => {
    expectCode(await rollbench(['load', 'not-a-url']), 'USAGE');
    expectCode(await rollbench(['load', 'http://127.0.0.1:9/', '--rate', '0']), 'USAGE');
  });

  it('an invalid scenario: INVALID_SCENARIO, after every problem, from run and from validate', async () => {
    const file = join(dir.path, 'broken.yaml');
    await writeFile(file, 'name: t\ntarget: { platform: local, app: { sampleApp: {} } }\nload: { model: max }\n');
    const ran = await rollbench(['run', file, '--out', join(dir.path, 'out')]);
    expect(ran.stderr).toMatch(/^rollbench: \S+broken\.yaml:3:16 load\.model: /);
    expectCode(ran, 'INVALID_SCENARIO');
    expectCode(await rollbench(['validate', file]), 'INVALID_SCENARIO');
  });

  it('a platform that does not answer: KUBERNETES_UNREACHABLE, after the hint', async () => {
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: gone, cluster: { server: "https://127.0.0.1:${await closedPort()}" } }]`,
        'users: [{ name: u, user: { token: t } }]',
        'contexts: [{ name: gone, context: { cluster: gone, user: u } }]',
        'current-context: gone',
      ].join('\n'),
    );
    const scenario = new URL('../../scenarios/k8s-rollout.yaml', import.meta.url).pathname;
    const ran = await rollbench(['run', scenario, '--kubeconfig', kubeconfig, '-o', join(dir.path, 'k8s'), '-q']);
    expect(ran.stderr).toMatch(/^hint: .*rollbench doctor.*\ncode: KUBERNETES_UNREACHABLE\n$/m);
    expectCode(ran, 'KUBERNETES_UNREACHABLE');
  });
});
