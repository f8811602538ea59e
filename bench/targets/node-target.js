// Minimal keep-alive HTTP target for the closed-model benchmark when nginx is not available.
// Usage: node bench/targets/node-target.js  → prints `listening <port>` on stdout. Exits when stdin closes
// (the bench died) or on SIGTERM.

import http from 'node:http';
import { serveUntilClosed } from './serve.js';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-length': 2 });
  res.end('ok');
});
serveUntilClosed(server);
