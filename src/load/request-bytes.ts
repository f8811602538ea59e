import type { ResolvedLoadOptions } from './options.js';

/** Methods whose requests carry a body by their semantics: an empty one is sent as `content-length: 0` (as undici does). */
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/**
 * The bytes of the load's request, built once: every request of a load is the same. The order is undici's —
 * request line, host, connection, the given headers, content-length — and so is what it adds: `host` from the URL
 * unless given, `connection: keep-alive` (or `close` for a connection's last request, or when the given headers
 * ask for it), and `content-length` from the body. Header names and values were checked by `resolveLoadOptions`.
 */
export function requestBytes(options: ResolvedLoadOptions, { close }: { close: boolean }): Buffer {
  const { url, method, headers, body } = options;
  const given = Object.keys(headers).map((name) => name.toLowerCase());
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  if (!given.includes('host')) head += `host: ${url.host}\r\n`;
  if (!given.includes('connection')) head += close ? 'connection: close\r\n' : 'connection: keep-alive\r\n';
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-length') head += `${name}: ${value}\r\n`;
  }
  const bodyBytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (bodyBytes.length > 0 || EXPECTS_PAYLOAD.has(method)) head += `content-length: ${bodyBytes.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bodyBytes]);
}

/** True when the given headers ask the server to close the connection after each request. */
export function closesEachConnection(options: ResolvedLoadOptions): boolean {
  return Object.entries(options.headers).some(
    ([name, value]) => name.toLowerCase() === 'connection' && /(?:^|,)\s*close\s*(?:,|$)/i.test(value),
  );
}
