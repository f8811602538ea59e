// Minimal keep-alive HTTP target for the closed-model benchmark when nginx is not available.
// Usage: node bench/targets/node-target.js  → prints `listening <port>` on stdout. Exits when stdin closes
// (the bench died) or on SIGTERM.

import http from 'node:http';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-length': 2 });
  res.end('ok');
});
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
