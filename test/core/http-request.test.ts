import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentLengthProblem, headerProblem, headersProblems, methodProblem } from '../../src/core/http-request.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';

let target: TargetServer;
let pool: Pool;
beforeAll(async () => {
  target = await startTargetServer();
  pool = new Pool(target.url);
});
afterAll(async () => {
  await pool.close();
  await target.close();
});

/** Whether undici sends the request at all (any answer), or refuses it before it leaves. */
async function undiciSends(method: string, headers: Record<string, string>): Promise<boolean> {
  try {
    const response = await pool.request({ path: '/', method: method as 'GET', headers });
    await response.body.dump();
    return true;
  } catch (err) {
    const { code } = err as { code?: string };
    if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') return false;
    throw err;
  }
}

describe('request rules: refused up front exactly when undici would refuse every request', () => {
  it.each(['GET', 'post', 'M-SEARCH', 'PURGE', 'GE T', '', 'GET\n', 'GET/1', 'GÉT'])('method %j', async (method) => {
    expect(methodProblem(method) === undefined).toBe(await undiciSends(method, {}));
  });

  it.each([
    ['x-test', 'yes'],
    ['Host', 'example.test'],
    ['connection', 'close'],
    ['content-length', '0'],
    ['x-latin-1', 'café'],
    ['x-tab', 'a\tb'],
    ['Transfer-Encoding', 'chunked'],
    ['keep-alive', 'timeout=5'],
    ['upgrade', 'h2c'],
    ['expect', '100-continue'],
    ['bad name', 'x'],
    ['x-control', 'a\u0001b'],
    ['x-newline', 'a\nb'],
    ['x-del', 'a\u007fb'],
    ['x-euro', '€5'],
    ['connection', 'close now'],
    ['content-length', 'five'],
  ])('header %j: %j', async (name, value) => {
    expect(headerProblem(name, value) === undefined).toBe(await undiciSends('GET', { [name]: value }));
  });
});

describe('request rules: what they say', () => {
  it('names what is wrong with a method, and refuses CONNECT (a tunnel, not a request)', () => {
    expect(methodProblem('GE T')).toBe(
      "not an HTTP method: a method is one token (letters, digits and !#$%&'*+-.^_`|~; no spaces)",
    );
    expect(methodProblem('connect')).toBe(
      'CONNECT opens a tunnel instead of sending a request: it cannot be load-tested',
    );
  });

  it('says which character of a value is wrong, and why the client owns a header', () => {
    expect(headerProblem('x-a', 'ab\r\n')).toBe(
      'its value holds a carriage return (\\r) at character 3: header values take visible characters, spaces and tabs only',
    );
    expect(headerProblem('x-a', 'a\u0007')).toMatch(/^its value holds the control character U\+0007 at character 2/);
    expect(headerProblem('Transfer-Encoding', 'chunked')).toBe(
      'the HTTP client sets it (a body is sent with content-length); leave it out',
    );
  });

  it('finds a header given twice in different case, and a content-length that does not match the body', () => {
    expect(headersProblems({ 'X-Token': 'a', 'x-token': 'b', 'x-ok': 'c' })).toEqual([
      { header: 'x-token', problem: 'given twice (header names are case-insensitive)' },
    ]);
    expect(contentLengthProblem({ 'Content-Length': '5' }, 'abc')).toEqual({
      header: 'Content-Length',
      problem: '5 does not match the body (3 bytes): leave it out, it is set from the body',
    });
    expect(contentLengthProblem({ 'content-length': '4' }, 'café')).toEqual(
      expect.objectContaining({ header: 'content-length' }),
    );
    expect(contentLengthProblem({ 'content-length': '5' }, 'café')).toBeUndefined();
    expect(contentLengthProblem({}, 'abc')).toBeUndefined();
  });
});
