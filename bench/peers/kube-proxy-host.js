// One proxy in a process of its own, so that its CPU can be read from /proc: the embedded cluster's kube-proxy
// (`l7` or `l4`, from dist/) in front of the given upstream ports, or `node-http`, a bare node:http server that answers
// every request itself (one HTTP hop, no upstream: the reference for what a hop costs).
// Usage: node bench/peers/kube-proxy-host.js <l7|l4|node-http> <port,port,...>   prints "port <n>"; stops when
// standard input closes.
import { createServer } from 'node:http';

const [mode = 'l7', ports = ''] = process.argv.slice(2);
setTimeout(() => process.exit(1), 600_000).unref();

/** @returns {Promise<{ port: number, close(): Promise<void> }>} */
async function start() {
  if (mode === 'node-http') {
    const server = createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = server.address();
    return {
      port: typeof address === 'object' && address !== null ? address.port : 0,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
  const { startProxy } = await import('../../dist/cluster/proxy/index.js');
  const proxy = await startProxy({ mode: mode === 'l4' ? 'l4' : 'l7', propagationDelayMs: 1000 });
  for (const [i, port] of ports.split(',').entries()) proxy.addEndpoint(`pod-${i}`, Number(port));
  return proxy;
}

const host = await start();
process.stdout.write(`port ${host.port}\n`);
process.stdin.on('end', () => host.close().then(() => process.exit(0))).resume();
