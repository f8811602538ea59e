// Shared by the bench's Node targets: listen on a free loopback port, print `listening <port>`, and exit when
// stdin closes (the bench died) or on SIGTERM.

/** @param {import('node:http').Server} server */
export function serveUntilClosed(server) {
  server.keepAliveTimeout = 65000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
  });
  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.stdin.on('end', shutdown).resume();
}
