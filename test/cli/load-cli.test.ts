import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/core/result.js';
import { rollbench } from '../support/cli.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';

let target: TargetServer | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('rollbench load (the command)', () => {
  it('prints a table per outcome and writes the JSON result with the documented names', async () => {
    target = await startTargetServer({ statuses: [{ status: 502, ratio: 0.1 }] });
    const dir = await mkdtemp(join(tmpdir(), 'rollbench-cli-'));
    const jsonPath = join(dir, 'out', 'result.json');
    const ran = await rollbench(['load', target.url, '--rate', '100', '-d', '1s', '--json', jsonPath]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/│ 200 +│ +90 │/);
    expect(ran.stdout).toMatch(/│ 502 ✗ +│ +10 │/);
    expect(ran.stdout).toContain('10 failed (10.0 %)');
    expect(ran.stdout).not.toContain('\r'); // no progress line when stderr is not a terminal
    const result = JSON.parse(await readFile(jsonPath, 'utf8')) as LoadResult;
    expect(result.schemaVersion).toBe(1);
    expect(result.summary).toMatchObject({ requests: 100, failed: 10, droppedSends: 0 });
    expect(result.summary.achievedRps).toBeCloseTo(100, 0);
    expect(result.summary.durationMs).toBe(1000);
    expect(result.summary.lateSends).toEqual(expect.objectContaining({ over1Ms: expect.any(Number) }));
    expect(Object.keys(result.summary.outcomes['200'] ?? {})).toEqual([
      'count',
      'p50Ms',
      'p90Ms',
      'p99Ms',
      'p999Ms',
      'maxMs',
    ]);
    expect(result.buckets[0]).toMatchObject({ startMs: 0, outcomes: expect.any(Object) });
    expect(result.buckets[0]?.outcomes['502']).toEqual({ count: 10, histogram: expect.any(String) });
  });

  it('--json - puts only JSON on stdout and the summary on stderr; --quiet silences the summary', async () => {
    target = await startTargetServer();
    const ran = await rollbench(['load', target.url, '--rate', '50', '-d', '200ms', '--json', '-']);
    expect(ran.code).toBe(0);
    expect((JSON.parse(ran.stdout) as LoadResult).summary.requests).toBe(10);
    expect(ran.stderr).toContain('requests in 200ms');
    const quiet = await rollbench(['load', target.url, '--rate', '50', '-d', '200ms', '--quiet']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it.each([
    [['load', 'not-a-url'], /url: "not-a-url" is not a URL/],
    [['load', 'http://127.0.0.1:9/', '--rate', '0'], /option '--rate <rps>' argument '0' is invalid/],
    [['load', 'http://127.0.0.1:9/', '--rate', '-5'], /option '--rate <rps>' argument '-5' is invalid/],
    [
      ['load', 'http://127.0.0.1:9/', '-d', '10x'],
      /'-d, --duration <time>' argument '10x' is invalid. "10x" is not a duration/,
    ],
    [['load', 'http://127.0.0.1:9/', '--timeout', '5'], /'--timeout <time>' argument '5' is invalid. "5" has no unit/],
    [['load', 'http://127.0.0.1:9/', '-d', '20ms'], /duration must be at least 100ms/],
    [['load', 'http://127.0.0.1:9/', '--max', '--rate', '5'], /'--rate <rps>' cannot be used with option '--max'/],
    [['load', 'http://127.0.0.1:9/', '-H', 'no-colon'], /'-H, --header <header>' argument 'no-colon' is invalid/],
    [
      ['load', 'http://127.0.0.1:9/', '--body', '@/nonexistent/body.json'],
      /--body: cannot read \/nonexistent\/body.json: ENOENT/,
    ],
    [['load', 'ftp://127.0.0.1/'], /only http:\/\/ and https:\/\/ are supported/],
  ])('bad input %j → a message naming the option, exit 2', async (args, message) => {
    const ran = await rollbench(args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stdout).toBe('');
  });

  // SIGHUP: the terminal closed or the ssh session dropped; SIGTERM: a supervisor stopping it.
  it.each(['SIGINT', 'SIGHUP', 'SIGTERM'] as const)(
    '%s stops gracefully: exit 130, the summary and the JSON still written',
    async (signal) => {
      target = await startTargetServer({ delayMs: 50 });
      const dir = await mkdtemp(join(tmpdir(), 'rollbench-cli-'));
      const jsonPath = join(dir, 'result.json');
      const url = target.url;
      const ran = await rollbench(['load', url, '--rate', '100', '-d', '30s', '--json', jsonPath], (child) => {
        // Interrupt once the load is surely under way (the server has seen requests), however slow the machine.
        const poll = setInterval(() => {
          if ((target?.received.total ?? 0) >= 60) {
            clearInterval(poll);
            child.kill(signal);
          }
        }, 20);
      });
      expect(ran.code).toBe(130);
      expect(ran.stderr).toContain('Stopping: waiting for requests in flight');
      expect(ran.stdout).toContain('Stopped early (stopped)');
      const result = JSON.parse(await readFile(jsonPath, 'utf8')) as LoadResult;
      expect(result.summary.stopReason).toBe('stopped');
      expect(result.summary.unfinished).toBe(0);
      // Everything sent got an answer: the requests in flight at Ctrl-C were waited for, not dropped.
      expect(result.summary.requests).toBe(target.received.total);
      expect(result.summary.requests).toBeGreaterThan(50);
    },
  );

  it('prints its help with the exit codes', async () => {
    const ran = await rollbench(['--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('130 interrupted');
    expect(ran.stdout).toContain('load [options] <url>');
  });
});
