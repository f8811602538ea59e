import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// Every error and warning line begins with "rollbench: ", whoever wrote it: Commander, a command, the boundary.
describe('error and warning lines', () => {
  const dir = tempDir('rollbench-prefix-');

  it("replace Commander's own error: prefix", async () => {
    expect((await rollbench(['--bogus'])).stderr).toBe(
      "rollbench: unknown option '--bogus'\n(add --help for usage)\ncode: USAGE\n",
    );
    expect((await rollbench(['load', 'http://127.0.0.1:1/', '--rate', '0'])).stderr).toMatch(
      /^rollbench: option '--rate <rps>' argument '0' is invalid/,
    );
  });

  it('are the same lines from validate and plan, problems and warnings alike', async () => {
    const file = join(dir.path, 'scenario.yaml');
    const target = 'target: { platform: local, app: { sampleApp: {} }, terminationGracePeriodSeconds: 1';
    await writeFile(file, `name: t\n${target}, lifecycle: { preStop: { sleep: { seconds: 5 } } } }\n`);
    const warning = `rollbench: ${file}:2:\\d+ target\\.lifecycle\\.preStop\\.sleep\\.seconds: preStop sleeps 5s, longer`;
    expect((await rollbench(['validate', file])).stderr).toMatch(new RegExp(`^${warning}.*\\(warning\\)\\n$`));
    expect((await rollbench(['plan', file])).stderr).toMatch(new RegExp(`^${warning}.*\\(warning\\)\\n$`));
    await writeFile(file, 'name: T\n');
    const validated = await rollbench(['validate', file]);
    const planned = await rollbench(['plan', file]);
    expect(validated.stderr.split('\n')).toEqual([
      `rollbench: ${file}:1:1 target: required`,
      expect.stringMatching(`^rollbench: ${file}:1:7 name: "T" is not a valid scenario name`),
      'code: INVALID_SCENARIO',
      '',
    ]);
    expect(planned.stderr).toBe(validated.stderr);
  });
});
