/**
 * What the l7 proxy's two upstream clients share: the hop-by-hop header rule and what a client gets when an upstream
 * fails (502, 504, or its connection cut once the response headers have gone).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TIMEOUT } from '../../core/outcome.js';
import type { Upstream } from './base.js';
import { UPSTREAM_HEADER, type UpstreamFailureOutcome } from './types.js';

/** Per-connection headers (RFC 9110 §7.6.1) that a proxy must not forward, plus `expect`, which it answers itself. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

export type FailureSink = (upstream: Upstream, code: string, outcome: UpstreamFailureOutcome) => void;

/** One endpoint's upstream side: forwards requests to it, one at a time per connection, never retrying. */
export interface UpstreamClient {
  /** Send `req` (its body streamed) and answer `res` with the response, or with a failure through the sink. */
  forward(req: IncomingMessage, res: ServerResponse): void;
  /** Graceful: requests already sent finish, then every connection closes. */
  close(): Promise<void>;
  /** Every connection closes now. */
  destroy(): Promise<void>;
}

/** How a request's body is framed: none, as received (content-length), or re-chunked (the client sent it chunked). */
export type BodyFraming = 'none' | 'length' | 'chunked';

function sendFailure(res: ServerResponse, status: number, upstream: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
    [UPSTREAM_HEADER]: upstream,
  });
  res.end(body);
}

/**
 * Answer a failed upstream request: 504 for a timeout, 502 otherwise; once the response headers have gone it is too
 * late for a status, so the client's connection is cut and it sees a truncated response, as nginx does.
 */
export function answerFailure(res: ServerResponse, upstream: Upstream, code: string, failed: FailureSink): void {
  const name = upstream.name;
  if (res.headersSent) {
    res.destroy();
    failed(upstream, code, 'truncated');
  } else if (code === TIMEOUT || code === 'CONNECT_TIMEOUT') {
    sendFailure(res, 504, name, `upstream ${name} timed out (${code})\n`);
    failed(upstream, code, '504');
  } else {
    sendFailure(res, 502, name, `upstream ${name} failed (${code})\n`);
    failed(upstream, code, '502');
  }
}
