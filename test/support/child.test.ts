import { describe, expect, it } from 'vitest';
import { runWithDeadline, spawnWithDeadline, waitForOutput } from './child.js';
import { alive } from './processes.js';
import { until } from './until.js';

const node = process.execPath;
/** `sh -c` arguments: print a line, then run until killed; with `ignoreTerm`, SIGTERM does not stop it either. */
const hang = (ignoreTerm: boolean) => ['-c', `${ignoreTerm ? "trap '' TERM; " : ''}echo started; exec sleep 60`];
/** Long enough for a loaded machine to start `sh` and let it print; the tests wait for that anyway. */
const DEADLINE_MS = 3000;

describe('a child process a test starts', () => {
  it('runs to its end: exit code and output', async () => {
    const ran = await runWithDeadline(node, ['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
    expect(ran).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('past its deadline: SIGTERM, and a failure naming the command, the deadline and the output so far', async () => {
    const spawned = spawnWithDeadline('sh', hang(false), { deadlineMs: DEADLINE_MS });
    await until(() => spawned.output().stdout !== '');
    const failure = await spawned.ended.catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^sh -c echo started; exec sleep 60 did not end within its deadline of 3000 ms/,
    );
    expect((failure as Error).message).toContain('ended by SIGTERM');
    expect((failure as Error).message).toContain('--- stdout so far ---\nstarted\n');
    expect(alive(spawned.child.pid)).toBe(false);
  });

  it('one that ignores SIGTERM is killed (SIGKILL) after the grace', async () => {
    const spawned = spawnWithDeadline('sh', hang(true), { deadlineMs: DEADLINE_MS, graceMs: 300 });
    await until(() => spawned.output().stdout !== ''); // its SIGTERM handler is in place
    const failure = await spawned.ended.catch((err: Error) => err);
    expect((failure as Error).message).toContain('ended by SIGKILL');
  });

  let leftRunning: number | undefined;
  it('still running when its test ends (it left it): …', () => {
    leftRunning = spawnWithDeadline('sh', hang(true), { graceMs: 300 }).child.pid;
    expect(alive(leftRunning)).toBe(true);
  });

  it('… is stopped with its test, SIGKILL included', () => {
    expect(leftRunning).toBeDefined();
    expect(alive(leftRunning)).toBe(false);
  });
});

describe('waiting for a line a child prints', () => {
  it('matches a line printed in two pieces, whatever the chunks', async () => {
    // "rea" now, "dy" 200 ms later: two writes, two chunks on the pipe.
    const script =
      'process.stderr.write("rea"); setTimeout(() => process.stderr.write("dy\\n"), 200); setTimeout(() => {}, 60000)';
    const spawned = spawnWithDeadline(node, ['-e', script], { deadlineMs: 30_000 });
    await waitForOutput(spawned.child, 'stderr', /^ready$/m, 20_000);
    expect(spawned.output().stderr).toBe('ready\n');
  });

  it('fails at once when the child exits without printing it, quoting what it printed', async () => {
    const spawned = spawnWithDeadline(node, ['-e', 'console.log("something else")']);
    await expect(waitForOutput(spawned.child, 'stdout', /ready/, 20_000)).rejects.toThrow(
      /no stdout output matching \/ready\/ before the child exited\n--- stdout so far ---\nsomething else\n/,
    );
  });

  it('fails after its deadline when the line never comes', async () => {
    const spawned = spawnWithDeadline('sh', hang(false), { deadlineMs: 30_000 });
    await expect(waitForOutput(spawned.child, 'stdout', /ready/, 300)).rejects.toThrow(
      /no stdout output matching \/ready\/ within 300 ms/,
    );
    expect(alive(spawned.child.pid)).toBe(true); // stopped by its test's end, as every child
  });
});
