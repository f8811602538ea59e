import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/core/result.js';
import { rollbench } from '../support/cli.js';
import { startRecordingServer } from '../support/recording-server.js';
import { closedPort, startTargetServer, type TargetServer } from '../support/target-server.js';

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
    expect(ran.stdout).toMatch(/^100 requests in 1s · 10 failed \(10\.0 %\) · drain \d+ms \(from the end of sending/m);
    expect(ran.stdout).toContain('Rate: 100 rps sent, 90 rps succeeded');
    expect(ran.stdout).toMatch(/^Generator: CPU \d+ % of the \d+ cores it could use, peak memory \d+ MiB$/m);
    expect(ran.stdout).not.toContain('\r'); // no progress line when stderr is not a terminal
    const result = JSON.parse(await readFile(jsonPath, 'utf8')) as LoadResult;
    expect(result.schemaVersion).toBe(3);
    expect(result.summary).toMatchObject({ requests: 100, failed: 10, droppedSends: 0 });
    expect(result.summary.sentRps).toBeCloseTo(100, 0);
    expect(result.summary.succeededRps).toBeCloseTo(90, 0);
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

  it('--model closed sends in the closed model; the old --max still does, with a warning naming the new flag', async () => {
    target = await startTargetServer();
    const closed = await rollbench(['load', target.url, '--model', 'closed', '-c', '2', '-d', '200ms', '--json', '-']);
    expect(closed.code).toBe(0);
    expect(closed.stderr).not.toContain('(warning)');
    const result = JSON.parse(closed.stdout) as LoadResult;
    expect(result.settings).toMatchObject({ model: 'closed', connections: 2 });
    expect(result.settings.rps).toBeUndefined();
    const old = await rollbench(['load', target.url, '--max', '-c', '2', '-d', '200ms', '--json', '-']);
    expect(old.code).toBe(0);
    expect(old.stderr).toMatch(
      /^rollbench: --max is deprecated and removed in the next release: write --model closed \(warning\)$/m,
    );
    expect((JSON.parse(old.stdout) as LoadResult).settings.model).toBe('closed');
  });

  it('--warmup sends load first and counts it apart from the judged result', async () => {
    target = await startTargetServer();
    const ran = await rollbench([
      'load',
      target.url,
      '--rate',
      '50',
      '--warmup',
      '200ms',
      '-d',
      '400ms',
      '--json',
      '-',
    ]);
    expect(ran.code).toBe(0);
    const result = JSON.parse(ran.stdout) as LoadResult;
    expect(result.summary.requests).toBe(20);
    expect(result.summary.warmup).toMatchObject({ durationMs: 200, requests: 10, failed: 0 });
    expect(target.received.total).toBe(30);
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
    [
      ['load', 'http://127.0.0.1:9/', '--model', 'closed', '--rate', '5'],
      /rate and the closed model exclude each other: the closed model sends as fast as its connections allow/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '--model', 'max'],
      /'--model <model>' argument 'max' is invalid. Allowed choices are open, closed/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '--max', '--rate', '5'],
      /option '--max' cannot be used with option '--rate <rps>'/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '--max', '--model', 'open'],
      /option '--max' cannot be used with option '--model <model>'/,
    ],
    [['load', 'http://127.0.0.1:9/', '-H', 'no-colon'], /-H, --header: expected "name: value", found no name/],
    [
      ['load', 'http://127.0.0.1:9/', '--body', '@/nonexistent/body.json'],
      /--body: cannot read \/nonexistent\/body.json: ENOENT/,
    ],
    [['load', 'ftp://127.0.0.1/'], /only http:\/\/ and https:\/\/ are supported/],
    [
      ['load', 'http://127.0.0.1:9/', '-m', 'GE T'],
      /option '-m, --method <method>' argument 'GE T' is invalid. not an HTTP method: a method is one token/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '-m', 'CONNECT'],
      /'-m, --method <method>' argument 'CONNECT' is invalid. CONNECT/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '-H', 'x-a: b\u0001c'],
      /-H, --header x-a: its value holds the control character U\+0001 at character 2/,
    ],
    [['load', 'http://127.0.0.1:9/', '-H', 'bad name: x'], /-H, --header bad name: not a header name/],
    [
      ['load', 'http://127.0.0.1:9/', '-H', 'content-length: 5', '--body', 'abc'],
      /header content-length: 5 does not match the body \(3 bytes\)/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '--rate', '200000'],
      /rate must be at most 100000 rps, got 200000\nhint: one process tops out at a few tens of thousands/,
    ],
    [
      ['load', 'http://127.0.0.1:9/', '--max-error-rate', '5'],
      /'--max-error-rate <fraction\|percent>' argument '5' is invalid. "5" is more than 1: .* write 5%/,
    ],
    [['load', 'http://127.0.0.1:9/', '--max-failed-requests', '-1'], /expected a whole number \(0 or more\)/],
    [
      ['load', 'http://127.0.0.1:9/', '--max-p99', '250'],
      /'--max-p99 <time>' argument '250' is invalid. "250" has no unit/,
    ],
  ])('bad input %j → a message naming the option, exit 2', async (args, message) => {
    const ran = await rollbench(args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stdout).toBe('');
  });

  it('refuses a header the HTTP client owns before sending anything (not 100 % UND_ERR_INVALID_ARG)', async () => {
    target = await startTargetServer();
    const ran = await rollbench(['load', target.url, '-H', 'Transfer-Encoding: chunked', '-d', '200ms']);
    expect(ran).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'rollbench: -H, --header Transfer-Encoding: the HTTP client sets it (a body is sent with content-length); leave it out\n' +
        'code: USAGE\n',
    });
    expect(target.received.total).toBe(0);
  });

  it('sends URL credentials as Basic auth and writes them nowhere: not the summary, not the JSON, not an error', async () => {
    const server = await startRecordingServer();
    const jsonPath = join(await mkdtemp(join(tmpdir(), 'rollbench-cli-')), 'result.json');
    try {
      const url = `http://ops:s3cret-pw@127.0.0.1:${server.port}/`;
      const ran = await rollbench(['load', url, '--rate', '20', '-d', '200ms', '--json', jsonPath]);
      expect(ran.code).toBe(0);
      expect(server.seen.map((request) => request.headers.authorization)).toEqual(
        Array(4).fill('Basic b3BzOnMzY3JldC1wdw=='),
      );
      const written = await readFile(jsonPath, 'utf8');
      for (const text of [ran.stdout, ran.stderr, written]) {
        expect(text).not.toContain('s3cret');
        expect(text).not.toContain('b3BzOnMzY3JldC1wdw');
      }
      expect(ran.stdout).toContain(`GET ${server.url}/ ·`);
      expect((JSON.parse(written) as LoadResult).settings).toMatchObject({
        url: `${server.url}/`,
        headers: { authorization: '<redacted>' },
      });
      const bad = await rollbench(['load', 'http://ops:s3cret pw@[::1/']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('url: "http://ops:<redacted>@[::1/" is not a URL');
    } finally {
      await server.close();
    }
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

  it('exits 4 when no request succeeded and no threshold was given, and says so', async () => {
    const port = await closedPort();
    const ran = await rollbench(['load', `http://127.0.0.1:${port}/`, '--rate', '20', '-d', '200ms']);
    expect(ran.code).toBe(4);
    expect(ran.stdout).toContain('FAIL: no request succeeded (4 of 4 requests failed).');
    expect(ran.stdout).toContain('With no threshold given, a load in which nothing succeeds fails');
    const quiet = await rollbench(['load', `http://127.0.0.1:${port}/`, '--rate', '20', '-d', '200ms', '-q']);
    expect(quiet).toMatchObject({ code: 4, stdout: '', stderr: expect.stringMatching(/^FAIL: no request succeeded/) });
  });

  it('judges thresholds on the whole load: exit 4 naming the one not met and by how much, else 0', async () => {
    target = await startTargetServer({ statuses: [{ status: 502, ratio: 0.1 }] });
    const base = ['load', target.url, '--rate', '100', '-d', '500ms', '--max-p99', '2s', '--max-failed-requests', '10'];
    const failed = await rollbench([...base, '--max-error-rate', '5%']);
    expect(failed.code).toBe(4);
    expect(failed.stdout).toContain(
      [
        'Thresholds on the whole load (5 of 50 requests failed, 10.0 %):',
        '  ✓ --max-failed-requests: 5 (limit 10)',
        '  ✗ --max-error-rate: 10.0 % (limit 5.0 %)',
      ].join('\n'),
    );
    expect(failed.stdout).toMatch(/ {2}✓ --max-p99: [\d.]+ ms \(limit 2000 ms\)\nFAIL: --max-error-rate not met\.\n$/);
    const passed = await rollbench([...base, '--max-error-rate', '0.2']);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/PASS: every threshold held\.\n$/);
  });

  it('load --help documents every flag and every exit code', async () => {
    const ran = await rollbench(['load', '--help']);
    expect(ran.code).toBe(0);
    for (const flag of ['--max-failed-requests <n>', '--max-error-rate <fraction|percent>', '--max-p99 <time>']) {
      expect(ran.stdout).toContain(flag);
    }
    expect(ran.stdout).toMatch(
      /Exit codes:\n {2}0 +every threshold held.*\n {2}2 +bad usage.*\n {2}4 +a threshold.*\n(.*\n)? {2}130 +interrupted/,
    );
  });

  it('prints its help with the exit codes', async () => {
    const ran = await rollbench(['--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('130 interrupted');
    expect(ran.stdout).toContain('load [options] <url>');
  });
});
