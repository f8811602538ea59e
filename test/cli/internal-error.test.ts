import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

// A failure that is not a RollbenchError is a bug: it prints its stack to report, and ends like every other error,
// with a hint and its code on a line of its own (RUN_FAILED, exit 1).
describe('an unexpected failure', () => {
  it('prints its stack, the hint to report it, and code: RUN_FAILED; exit 1', async () => {
    let stderr = '';
    const io = {
      stdout: {
        write: () => {
          throw new TypeError('stdout went wrong');
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
          return true;
        },
      },
      cwd: process.cwd(),
      onInterrupt: () => () => {},
    } as unknown as CliIo;
    const code = await main(['node', 'rollbench', 'plan', 'scenarios/local-rollout.yaml'], io);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^rollbench: internal error: TypeError: stdout went wrong\n {4}at /);
    expect(stderr).toMatch(
      /\nhint: an unexpected failure inside rollbench: please report it with this output\ncode: RUN_FAILED\n$/,
    );
  });
});
