import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbench } from '../support/cli.js';

// `rollbench recommend` as a user meets it on files it cannot use.
describe('rollbench recommend', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollbench-recommend-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a result.json holding null with exit 3 and one line, no stack trace', async () => {
    const file = join(dir, 'null.json');
    await writeFile(file, 'null\n');
    const ran = await rollbench(['recommend', file]);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toBe(`rollbench: ${file}: not a rollbench result: the file holds null, not a JSON object\n`);
  });
});
