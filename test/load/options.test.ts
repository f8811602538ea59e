import { describe, expect, it } from 'vitest';
import { ExitCode, RollbenchError } from '../../src/core/errors.js';
import { type LoadOptions, resolveLoadOptions } from '../../src/load/options.js';

/** The usage error resolveLoadOptions throws for `options` (on top of a valid URL). */
function refusal(options: Omit<LoadOptions, 'url'>): RollbenchError {
  try {
    resolveLoadOptions({ url: 'http://127.0.0.1:9/', ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(RollbenchError);
    expect((err as RollbenchError).exitCode).toBe(ExitCode.usage);
    return err as RollbenchError;
  }
  throw new Error('expected the options to be refused');
}

describe('resolveLoadOptions: a library caller gets the usage errors the CLI shows', () => {
  it('refuses a method or a header undici would refuse on every request, naming it', () => {
    expect(refusal({ method: 'GE T' }).message).toBe(
      'method "GE T": not an HTTP method: a method is one token (letters, digits and !#$%&\'*+-.^_`|~; no spaces)',
    );
    expect(refusal({ headers: { 'Transfer-Encoding': 'chunked' } }).message).toBe(
      'header Transfer-Encoding: the HTTP client sets it (a body is sent with content-length); leave it out',
    );
    expect(refusal({ headers: { 'x-a': 'b\nc' } }).message).toMatch(/^header x-a: its value holds a line feed/);
    expect(refusal({ headers: { 'content-length': '5' }, body: 'abc' }).message).toBe(
      'header content-length: 5 does not match the body (3 bytes): leave it out, it is set from the body',
    );
  });

  it('takes model open or closed; the closed model takes no rate', () => {
    const url = 'http://127.0.0.1:9/';
    expect(resolveLoadOptions({ url }).model).toBe('open');
    expect(resolveLoadOptions({ url, model: 'closed', connections: 3 })).toMatchObject({ model: 'closed' });
    expect(refusal({ model: 'closed', rps: 5 }).message).toBe(
      'rate and the closed model exclude each other: the closed model sends as fast as its connections allow',
    );
    expect(refusal({ model: 'max' as 'open' }).message).toBe('model must be one of open, closed, got "max"');
  });

  it('still reads the deprecated max, warning once per process (a DeprecationWarning), and not with model', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const url = 'http://127.0.0.1:9/';
      expect(resolveLoadOptions({ url, max: true }).model).toBe('closed');
      expect(resolveLoadOptions({ url, max: false }).model).toBe('open');
      expect(refusal({ max: true, model: 'closed' }).message).toBe(
        "max is the old spelling of model: give only model ('closed')",
      );
      // process.emitWarning delivers on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map(({ name, message }) => ({ name, message }))).toEqual([
      {
        name: 'DeprecationWarning',
        message: "rollbench: the load option max is deprecated and removed in the next release: write model: 'closed'",
      },
    ]);
    expect((warnings[0] as Error & { code?: string }).code).toBe('ROLLBENCH_DEP_MAX');
  });

  it('bounds the rate at what one process can send, and says how to go higher', () => {
    const error = refusal({ rps: 150_000 });
    expect(error.message).toBe('rate must be at most 100000 rps, got 150000');
    expect(error.hint).toMatch(/^one process tops out at a few tens of thousands .* run several rollbench processes/);
    expect(resolveLoadOptions({ url: 'http://127.0.0.1:9/', rps: 100_000 }).rps).toBe(100_000);
  });

  it('refuses a load of more sends than the send clock counts (32-bit)', () => {
    expect(refusal({ rps: 100_000, durationMs: 6 * 3_600_000 }).message).toBe(
      'rate × duration makes more than 2147483647 sends, more than one load can count: split it',
    );
  });

  it('refuses a negative warm-up, and one that makes the load more sends than it can count', () => {
    expect(refusal({ warmupMs: -1 }).message).toBe('warmup must be 0 or more, got -1');
    expect(refusal({ rps: 100_000, durationMs: 1000, warmupMs: 3e7 }).message).toMatch(
      /^rate × \(warmup \+ duration\)/,
    );
  });
});
