/** The l7 proxy's heads as they cross it: the request's as sent upstream, the response's as passed back. */
import type { IncomingMessage } from 'node:http';
import { type BodyFraming, HOP_BY_HOP } from './l7-http.js';

/** The request head as sent upstream, and how its body is framed. */
export function requestHead(req: IncomingMessage, port: number): { head: string; framing: BodyFraming } {
  const raw = req.rawHeaders;
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
  let framing: BodyFraming = 'none';
  let host = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (framing === 'none' && value !== '0') framing = 'length';
    } else if (lower === 'transfer-encoding') {
      framing = 'chunked';
    } else if (lower === 'host') {
      host = true;
    }
    if (!HOP_BY_HOP.has(lower)) head += `${name}: ${value}\r\n`;
  }
  // An HTTP/1.0 client may send no Host; HTTP/1.1 requires one (undici adds the same).
  if (!host) head += `host: 127.0.0.1:${port}\r\n`;
  // Node hands the body over de-chunked: it goes on chunked again, as any proxy does.
  if (framing === 'chunked') head += 'transfer-encoding: chunked\r\n';
  return { head: `${head}\r\n`, framing };
}

/** The status line's reason and the end-to-end headers of a response head, as a flat list for `writeHead`. */
export function responseHead(bytes: Buffer, start: number, end: number): { reason: string; headers: string[] } {
  const lines = bytes.toString('latin1', start, end).split('\n');
  const statusLine = (lines[0] as string).trimEnd();
  const headers: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, line.slice(colon + 1).trim());
  }
  return { reason: statusLine.slice(13), headers };
}
