import { describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, ResponseError, ResponseReader } from '../../src/core/h1-response.js';

/** Feeds `pieces` in order; returns how many of them it took to complete the response (0: never complete). */
function readIn(reader: ResponseReader, pieces: Array<string | Buffer>): number {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string | Buffer;
    if (reader.read(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece)) return i + 1;
  }
  return 0;
}

function reader({ head = false, podHeaders = [] as string[] } = {}): ResponseReader {
  const r = new ResponseReader(podHeaders);
  r.expect(head);
  return r;
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-rollbench-pod: web-1\r\n\r\n' +
  '5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\ntrailer: yes\r\n\r\n';
const LENGTH = 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\nKeep-Alive: timeout=5\r\n\r\nunavailable';

describe('ResponseReader (the load client frames responses, reads status, keep-alive and pod)', () => {
  it('reads a Content-Length response: status, keep-alive timeout, complete at its last byte and not before', () => {
    const r = reader();
    expect(readIn(r, [LENGTH.slice(0, -1), LENGTH.slice(-1)])).toBe(2);
    expect(r).toMatchObject({ status: 503, keepAlive: true, keepAliveTimeoutMs: 5000 });
  });

  it('completes the same whichever byte boundaries the response arrives split at', () => {
    for (const response of [CHUNKED, LENGTH]) {
      for (let cut = 1; cut < response.length; cut++) {
        const r = reader({ podHeaders: ['x-rollbench-pod'] });
        expect(readIn(r, [response.slice(0, cut), response.slice(cut)]), `cut at ${cut}`).toBe(2);
        expect(r.status).toBeGreaterThanOrEqual(200);
      }
      // One byte at a time, too.
      const r = reader();
      expect(readIn(r, [...response])).toBe(response.length);
    }
  });

  it('reads a shared buffer only up to the end it is given: older bytes after it are not this response', () => {
    const first = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-pod: a';
    const shared = Buffer.from(`${first}\r\n\r\nok + stale bytes of an older read`, 'latin1');
    const r = reader({ podHeaders: ['x-pod'] });
    expect(r.read(shared, first.length)).toBe(false);
    shared.write('\r\n\r\nok', 0, 'latin1');
    expect(r.read(shared, 6)).toBe(true);
    expect(r).toMatchObject({ status: 200, pod: 'a' });
    // A chunk-size line's end, likewise.
    const chunked = reader();
    const head = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2;x';
    const stale = Buffer.from(`${head}\nok\r\n0\r\n\r\n`, 'latin1');
    expect(chunked.read(stale, head.length)).toBe(false);
    expect(chunked.read(Buffer.from('\r\nok\r\n0\r\n\r\n', 'latin1'))).toBe(true);
  });

  it('skips chunk extensions and trailers; the pod header is read', () => {
    const r = reader({ podHeaders: ['x-rollbench-pod'] });
    expect(readIn(r, [CHUNKED])).toBe(1);
    expect(r).toMatchObject({ status: 200, pod: 'web-1', keepAlive: true });
  });

  it('takes the first of the pod headers in order of preference, whatever order they come in', () => {
    const r = reader({ podHeaders: ['x-rollbench-pod', 'x-rollbench-upstream'] });
    readIn(r, ['HTTP/1.1 200 OK\r\nX-Rollbench-Upstream: up\r\nX-ROLLBENCH-POD:  pod-b \r\ncontent-length: 0\r\n\r\n']);
    expect(r.pod).toBe('pod-b');
  });

  it('a 1xx response is interim: the final one after it counts', () => {
    const r = reader();
    expect(readIn(r, ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok'])).toBe(1);
    expect(r.status).toBe(201);
  });

  it('204, 304 and the answer to HEAD have no body, whatever their headers say', () => {
    for (const [status, head] of [
      [204, false],
      [304, false],
      [200, true],
    ] as const) {
      const r = reader({ head });
      expect(readIn(r, [`HTTP/1.1 ${status} X\r\ncontent-length: 10\r\n\r\n`])).toBe(1);
    }
  });

  it('a body without length runs until the server closes, and the connection is not reused', () => {
    const r = reader();
    expect(readIn(r, ['HTTP/1.1 200 OK\r\n\r\nsome', 'thing'])).toBe(0);
    expect(r).toMatchObject({ endsAtClose: true, keepAlive: false, status: 200 });
  });

  it('HTTP/1.0 closes unless it asks for keep-alive; connection: close closes HTTP/1.1', () => {
    const cases: Array<[string, boolean]> = [
      ['HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n', false],
      ['HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\ncontent-length: 0\r\n\r\n', true],
      ['HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n', false],
      ['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n', true],
    ];
    for (const [response, keepAlive] of cases) {
      const r = reader();
      readIn(r, [response]);
      expect(r.keepAlive, response).toBe(keepAlive);
    }
  });

  it('a second response on the same connection is read from a fresh start', () => {
    const r = reader({ podHeaders: ['x-pod'] });
    readIn(r, ['HTTP/1.1 200 OK\r\nx-pod: a\r\nkeep-alive: timeout=2\r\ncontent-length: 0\r\n\r\n']);
    r.expect(false);
    expect(readIn(r, ['HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'])).toBe(1);
    expect(r).toMatchObject({ status: 502, pod: undefined, keepAliveTimeoutMs: undefined });
  });

  it('names what breaks the protocol with llhttp’s codes, as undici reported them', () => {
    const cases: Array<[string, string]> = [
      ['SSH-2.0-OpenSSH\r\n\r\n', 'HPE_INVALID_CONSTANT'],
      ['HTTP/1.1 2x0 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
      ['HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n', 'HPE_INVALID_CONTENT_LENGTH'],
      ['HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', 'HPE_INVALID_CONTENT_LENGTH'],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 2\r\n\r\n', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokX', 'HPE_STRICT'],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
      ['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nextra', 'HPE_INVALID_CONSTANT'],
      [`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(MAX_HEAD_BYTES)}`, 'HPE_HEADER_OVERFLOW'],
    ];
    for (const [response, code] of cases) {
      const r = reader();
      let thrown: unknown;
      try {
        readIn(r, [response]);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, response.slice(0, 60)).toBeInstanceOf(ResponseError);
      expect((thrown as ResponseError).code, response.slice(0, 60)).toBe(code);
    }
  });

  it('hands a sink the final head and every body byte, de-chunked, wherever the response is split', () => {
    const untilClose = 'HTTP/1.0 200 OK\r\nx-a: 1\r\n\r\nuntil the close';
    const interim = 'HTTP/1.1 100 Continue\r\n\r\n';
    for (const [response, body] of [
      [interim + CHUNKED, 'helloabcdefghijklmnopqrstuvwxyz'],
      [LENGTH, 'unavailable'],
      [untilClose, 'until the close'],
    ] as const) {
      const finalStart = response.startsWith(interim) ? interim.length : 0;
      const finalHead = response.slice(finalStart, response.indexOf('\r\n\r\n', finalStart));
      for (let cut = 1; cut < response.length; cut++) {
        const heads: string[] = [];
        let seen = '';
        const r = new ResponseReader([], {
          head: (bytes, start, end) => heads.push(bytes.toString('latin1', start, end)),
          body: (chunk, start, end) => {
            seen += chunk.toString('latin1', start, end);
          },
        });
        r.expect(false);
        readIn(r, [response.slice(0, cut), response.slice(cut)]);
        expect(heads, `cut at ${cut}`).toEqual([finalHead]);
        expect(seen, `cut at ${cut}`).toBe(body);
      }
    }
  });
});
