import { createServer } from 'node:net';

/**
 * A free loopback port, found by binding port 0 and closing. Another process could take it before the
 * replica binds it; on a test machine that race is rare, and a replica that fails to bind exits and shows
 * as exited in the timeline and its log rather than going unnoticed.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
