/**
 * An HTTP/1.1 response reader for the load's own client (`load/h1-transport.ts`): it frames responses (RFC 9112 §6.3)
 * and reads from the head only what the load records — the status, whether the connection stays open, its
 * keep-alive timeout, and the header that names the replica. Bodies are skipped, never copied.
 *
 * Why not llhttp (undici's and node:http's parser): undici hands every header to its handler as a Buffer and runs
 * its WebAssembly parser over every byte of the body; here the head is one `indexOf` and a scan of its lines, and a
 * body of known length is skipped by arithmetic. Error codes follow llhttp's (`HPE_…`), as undici reported them.
 */

/** A response that breaks the protocol; `code` is the request's outcome key. */
export class ResponseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where a reader hands what it frames, for a caller that passes responses on (the embedded cluster's l7 proxy): the
 * final response's head and every body byte, de-chunked. Ranges are views into buffers the reader does not keep.
 */
export interface ResponseSink {
  /** The status line and headers in `bytes[start, end)` (without the blank line), once the head has been read. */
  head(bytes: Buffer, start: number, end: number): void;
  /** Body bytes `chunk[start, end)`: content-length, chunk data (without chunk framing) or read-until-close bytes. */
  body(chunk: Buffer, start: number, end: number): void;
}

/** Longest response head accepted (status line and headers), bytes: llhttp's and Node's default, 16 KiB. */
export const MAX_HEAD_BYTES = 16 * 1024;

const CR = 13;
const LF = 10;
const HEAD_END = Buffer.from('\r\n\r\n');

enum Body {
  /** Reading the head. */
  Head,
  /** `remaining` bytes of a Content-Length body. */
  Length,
  /** A chunk-size line, its value accumulating in `remaining`. */
  ChunkSize,
  /** The rest of a chunk-size line after its digits (extensions), up to LF. */
  ChunkSizeRest,
  /** `remaining` bytes of chunk data. */
  ChunkData,
  /** The CRLF after chunk data (`sawCr` once its CR has come). */
  ChunkDataEnd,
  /** Trailer lines; `lineBytes` counts the current one: an empty line ends the message. */
  Trailers,
  /** Everything until the server closes the connection. */
  UntilClose,
  /** The response is complete. */
  Done,
}

/**
 * Reads one response at a time off a connection (no pipelining: one request is outstanding). Call `expect` before
 * each request's bytes go out, then `read` with each chunk that arrives; `read` returns true once the response is
 * complete. Interim 1xx responses are skipped.
 */
export class ResponseReader {
  status = 0;
  /** The value of the first of `podHeaders` present. */
  pod: string | undefined;
  /** False when the response ends the connection (`connection: close`, HTTP/1.0, or a body read until close). */
  keepAlive = true;
  /** The server's `keep-alive: timeout=N`, ms; undefined when it sent none. */
  keepAliveTimeoutMs: number | undefined;
  #state = Body.Done;
  #noBody = false;
  #remaining = 0;
  #lineBytes = 0;
  #sawCr = false;
  /** Head bytes of a head split over chunks. */
  #head: Buffer | undefined;
  readonly #podHeaders: readonly string[];
  /** The lengths of the pod headers' names: a header of any other length is not looked at. */
  readonly #podHeaderLengths: ReadonlySet<number>;

  readonly #sink: ResponseSink | undefined;

  /** `sink`: where heads and bodies go (default none: bodies are skipped, never looked at). */
  constructor(podHeaders: readonly string[], sink?: ResponseSink) {
    this.#podHeaders = podHeaders;
    this.#sink = sink;
    this.#podHeaderLengths = new Set(podHeaders.map((name) => name.length));
  }

  /** A new request has gone out; `headRequest`: it was a HEAD, whose response has no body whatever it says. */
  expect(headRequest: boolean): void {
    this.#noBody = headRequest;
    this.#startHead();
  }

  /** True while a response has begun and not ended. */
  get inResponse(): boolean {
    return this.#state !== Body.Done;
  }

  /** True when the body runs until the server closes: the close completes the response. */
  get endsAtClose(): boolean {
    return this.#state === Body.UntilClose;
  }

  /**
   * Reads `chunk` up to `end` (a shared read buffer holds older bytes after it); true when the response is complete. Bytes after a complete response (none may come: nothing
   * else was asked) are a protocol error. Throws a ResponseError when the response breaks the protocol.
   */
  read(chunk: Buffer, end = chunk.length): boolean {
    let at = 0;
    while (at < end) {
      switch (this.#state) {
        case Body.Head:
          at = this.#readHead(chunk, at, end);
          break;
        case Body.Length:
          at = this.#readBody(chunk, at, end);
          if (this.#remaining === 0) this.#state = Body.Done;
          break;
        case Body.ChunkSize:
          at = this.#readChunkSize(chunk, at, end);
          break;
        case Body.ChunkSizeRest: {
          const lf = chunk.indexOf(LF, at);
          if (lf === -1 || lf >= end) return false;
          at = lf + 1;
          this.#state = this.#remaining === 0 ? Body.Trailers : Body.ChunkData;
          this.#lineBytes = 0;
          break;
        }
        case Body.ChunkData:
          at = this.#readBody(chunk, at, end);
          if (this.#remaining === 0) {
            this.#state = Body.ChunkDataEnd;
            this.#sawCr = false;
          }
          break;
        case Body.ChunkDataEnd: {
          const byte = chunk[at++];
          if (byte === CR && !this.#sawCr) {
            this.#sawCr = true;
          } else if (byte === LF) {
            this.#state = Body.ChunkSize;
            this.#remaining = 0;
            this.#lineBytes = 0;
          } else {
            throw new ResponseError('HPE_STRICT', 'chunk data not followed by CRLF');
          }
          break;
        }
        case Body.Trailers:
          at = this.#readTrailers(chunk, at, end);
          break;
        case Body.UntilClose:
          this.#sink?.body(chunk, at, end);
          return false;
        case Body.Done:
          throw new ResponseError('HPE_INVALID_CONSTANT', 'data after the response, with no request outstanding');
      }
    }
    return this.#state === Body.Done;
  }

  /** Passes body bytes from `at`, up to the `#remaining` ones expected, to the sink; returns where reading goes on. */
  #readBody(chunk: Buffer, at: number, end: number): number {
    const take = Math.min(this.#remaining, end - at);
    this.#sink?.body(chunk, at, at + take);
    this.#remaining -= take;
    return at + take;
  }

  #startHead(): void {
    this.#state = Body.Head;
    this.#head = undefined;
    this.status = 0;
    this.pod = undefined;
    this.keepAlive = true;
    this.keepAliveTimeoutMs = undefined;
  }

  /** Reads head bytes from `at`; returns where reading goes on. */
  #readHead(chunk: Buffer, at: number, chunkEnd: number): number {
    const pending = this.#head;
    // Rare: the head came in pieces. Join them and look again (the end marker may straddle the join).
    const bytes = pending === undefined ? chunk : Buffer.concat([pending, chunk.subarray(at, chunkEnd)]);
    const start = pending === undefined ? at : 0;
    const bytesEnd = pending === undefined ? chunkEnd : bytes.length;
    let end = bytes.indexOf(HEAD_END, start);
    if (end + 4 > bytesEnd) end = -1; // found only in older bytes beyond this read
    if (end === -1 || end - start > MAX_HEAD_BYTES) {
      if (bytesEnd - start > MAX_HEAD_BYTES) throw new ResponseError('HPE_HEADER_OVERFLOW', 'response head too long');
      this.#head = Buffer.from(bytes.subarray(start, bytesEnd));
      return chunkEnd;
    }
    this.#head = undefined;
    this.#parseHead(bytes, start, end);
    // Where the head ended, in `chunk`'s offsets.
    return pending === undefined ? end + 4 : at + end + 4 - pending.length;
  }

  /** Parses the head in bytes [start, end) (end: the CRLFCRLF) and sets up reading the body. */
  #parseHead(bytes: Buffer, start: number, end: number): void {
    // Status line: HTTP/1.x SSS reason
    if (
      end - start < 12 ||
      bytes[start] !== 72 || // H
      bytes[start + 1] !== 84 || // T
      bytes[start + 2] !== 84 || // T
      bytes[start + 3] !== 80 || // P
      bytes[start + 4] !== 47 || // /
      bytes[start + 5] !== 49 || // 1
      bytes[start + 6] !== 46 // .
    ) {
      throw new ResponseError('HPE_INVALID_CONSTANT', 'not an HTTP/1.x response');
    }
    const minor = (bytes[start + 7] as number) - 48;
    const s1 = (bytes[start + 9] as number) - 48;
    const s2 = (bytes[start + 10] as number) - 48;
    const s3 = (bytes[start + 11] as number) - 48;
    if (
      minor < 0 ||
      minor > 9 ||
      bytes[start + 8] !== 32 ||
      s1 < 1 ||
      s1 > 9 ||
      s2 < 0 ||
      s2 > 9 ||
      s3 < 0 ||
      s3 > 9 ||
      (end - start > 12 && bytes[start + 12] !== 32 && bytes[start + 12] !== CR)
    ) {
      throw new ResponseError('HPE_INVALID_STATUS', 'invalid status line');
    }
    const status = s1 * 100 + s2 * 10 + s3;
    let contentLength = -1;
    let chunked = false;
    let close = false;
    let keepAlive = false;
    let podRank = this.#podHeaders.length;
    let lineStart = bytes.indexOf(LF, start) + 1;
    while (lineStart > 0 && lineStart < end + 2) {
      let lineEnd = bytes.indexOf(LF, lineStart);
      if (lineEnd === -1 || lineEnd > end + 2) lineEnd = end + 2;
      const valueEnd = bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      const colon = bytes.indexOf(58, lineStart); // :
      if (colon === -1 || colon >= valueEnd)
        throw new ResponseError('HPE_INVALID_HEADER_TOKEN', 'header without a colon');
      const nameLength = colon - lineStart;
      if (nameLength === 14 || nameLength === 17 || nameLength === 10 || this.#podHeaderLengths.has(nameLength)) {
        const name = bytes.toString('latin1', lineStart, colon).toLowerCase();
        const value = trimmed(bytes, colon + 1, valueEnd);
        if (name === 'content-length') {
          if (!/^\d{1,15}$/.test(value) || (contentLength !== -1 && contentLength !== Number(value)))
            throw new ResponseError('HPE_INVALID_CONTENT_LENGTH', `invalid content-length: ${JSON.stringify(value)}`);
          contentLength = Number(value);
        } else if (name === 'transfer-encoding') {
          // Chunked only when it is the last coding (RFC 9112 §6.3): anything else runs until close.
          chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
          if (!chunked) close = true;
        } else if (name === 'connection') {
          const tokens = value.toLowerCase();
          if (/(?:^|,)\s*close\s*(?:,|$)/.test(tokens)) close = true;
          else if (/(?:^|,)\s*keep-alive\s*(?:,|$)/.test(tokens)) keepAlive = true;
        } else if (name === 'keep-alive') {
          const timeout = /timeout\s*=\s*(\d+)/i.exec(value);
          if (timeout !== null) this.keepAliveTimeoutMs = Number(timeout[1]) * 1000;
        }
        const rank = this.#podHeaders.indexOf(name);
        if (rank !== -1 && rank < podRank) {
          this.pod = value;
          podRank = rank;
        }
      }
      lineStart = lineEnd + 1;
    }
    if (status < 200 && status !== 101) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      this.#startHead();
      return;
    }
    this.status = status;
    this.keepAlive = !close && (minor >= 1 || keepAlive);
    if (chunked && contentLength !== -1)
      throw new ResponseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'both transfer-encoding and content-length');
    if (this.#noBody || status === 204 || status === 304) {
      this.#state = Body.Done;
    } else if (chunked) {
      this.#state = Body.ChunkSize;
      this.#remaining = 0;
      this.#lineBytes = 0;
    } else if (contentLength !== -1) {
      this.#remaining = contentLength;
      this.#state = contentLength === 0 ? Body.Done : Body.Length;
    } else {
      this.#state = Body.UntilClose;
      this.keepAlive = false;
    }
    this.#sink?.head(bytes, start, end);
  }

  #readChunkSize(chunk: Buffer, at: number, end: number): number {
    let i = at;
    for (; i < end; i++) {
      const byte = chunk[i] as number;
      const digit = hexDigit(byte);
      if (digit === -1) {
        if (this.#lineBytes === 0) throw new ResponseError('HPE_INVALID_CHUNK_SIZE', 'invalid chunk size');
        this.#state = Body.ChunkSizeRest;
        return i;
      }
      if (++this.#lineBytes > 12) throw new ResponseError('HPE_INVALID_CHUNK_SIZE', 'chunk size too large');
      this.#remaining = this.#remaining * 16 + digit;
    }
    return i;
  }

  #readTrailers(chunk: Buffer, at: number, end: number): number {
    for (let i = at; i < end; i++) {
      const byte = chunk[i];
      if (byte === LF) {
        if (this.#lineBytes === 0) {
          this.#state = Body.Done;
          return i + 1;
        }
        this.#lineBytes = 0;
      } else if (byte !== CR || this.#lineBytes > 0) {
        this.#lineBytes++;
      }
    }
    return end;
  }
}

function hexDigit(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

/** The latin1 text of bytes [from, to) without leading and trailing spaces and tabs. */
function trimmed(bytes: Buffer, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  return bytes.toString('latin1', start, end);
}
