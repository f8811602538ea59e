import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { version } from '../../src/core/version.js';
import { rollbench } from '../support/cli.js';

/** --help text with its line wrapping undone, so that phrases can be looked for whole. */
const helpOf = async (...command: string[]) => (await rollbench([...command, '--help'])).stdout.replace(/\s+/g, ' ');

describe('--help', () => {
  it('plan describes what it does and its exit codes', async () => {
    const help = await helpOf('plan');
    expect(help).toContain('Validates a scenario and prints its timeline');
    expect(help).toContain('Exit 0, or 3 for an invalid scenario');
  });

  it('sample-app shows duration defaults with their unit, and no pid of the process printing the help', async () => {
    const help = await helpOf('sample-app');
    expect(help).toContain('--drain-timeout <time> longest a drain waits for requests in flight (default: 30s)');
    expect(help).toContain('--cpu <time> CPU time burnt per request, e.g. 2ms (default: 0ms)');
    expect(help).toContain('(default: <hostname>-<pid>)');
    expect(help).not.toContain(hostname());
  });
});

describe('exit 5', () => {
  it('means the same in rollbench --help and run --help: the platform or the target failed, whatever the code', async () => {
    expect(await helpOf()).toContain(
      '5 platform or target failed (unreachable, forbidden, API error, refused action, cannot start)',
    );
    expect(await helpOf('run')).toContain(
      '5 when the platform or the target failed: unreachable, forbidden, an API error or a refused action, or ' +
        'replicas that never become ready or crash at start',
    );
  });
});

describe('the version', () => {
  it.each(['-v', '--version', '-V'])('%s prints it and exits 0', async (flag) => {
    expect(await rollbench([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
