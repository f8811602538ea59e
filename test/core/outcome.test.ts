import { describe, expect, it } from 'vitest';
import { errorOutcome, isFailure, statusOutcome } from '../../src/core/outcome.js';

describe('outcome keys', () => {
  it('uses the status code for responses, and counts only non-2xx/3xx as failures', () => {
    expect(statusOutcome(200)).toBe('200');
    expect(statusOutcome(502)).toBe('502');
    expect(['200', '204', '301', '304'].map(isFailure)).toEqual([false, false, false, false]);
    expect(['404', '502', '503', 'ECONNRESET', 'TIMEOUT'].map(isFailure)).toEqual([true, true, true, true, true]);
  });

  it('classifies a bare socket error by its code', () => {
    expect(errorOutcome(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
  });

  it('prefers the cause when the outer error is only a wrapper (fetch, undici SocketError)', () => {
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(errorOutcome(fetchFailure)).toBe('ECONNREFUSED');
    const wrapped = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', cause: { code: 'EPIPE' } });
    expect(errorOutcome(wrapped)).toBe('EPIPE');
    expect(errorOutcome(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe(
      'UND_ERR_SOCKET',
    );
  });

  it("folds undici's timeouts into TIMEOUT but keeps a connect timeout apart", () => {
    expect(errorOutcome({ code: 'UND_ERR_HEADERS_TIMEOUT' })).toBe('TIMEOUT');
    expect(errorOutcome({ code: 'UND_ERR_BODY_TIMEOUT' })).toBe('TIMEOUT');
    expect(errorOutcome({ code: 'UND_ERR_CONNECT_TIMEOUT' })).toBe('CONNECT_TIMEOUT');
  });

  it("reads the first error of happy-eyeballs' AggregateError", () => {
    const err = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect failed');
    expect(errorOutcome(err)).toBe('ECONNREFUSED');
  });

  it('never throws on odd values, and ignores numeric DOMException codes', () => {
    expect(errorOutcome(undefined)).toBe('ERROR');
    expect(errorOutcome('boom')).toBe('ERROR');
    expect(errorOutcome(new DOMException('aborted', 'AbortError'))).toBe('ERROR');
  });
});
