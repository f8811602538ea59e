// Closed loop over raw sockets, the floor of a leaner HTTP path than undici: each of N connections writes one prebuilt
// request, and the next as soon as a whole response has arrived (counted by its byte length: the target answers every
// request with the same bytes, as the bench's targets do). No parser, no bookkeeping.
// Usage: node bench/peers/raw-closed.js <url> [connections=50] [durationMs=5000]
// Prints JSON { requests, durationMs, rps }.
import net from 'node:net';

const [urlArg, connArg = '50', durArg = '5000'] = process.argv.slice(2);
const url = new URL(urlArg);
if (url.hostname !== '127.0.0.1') throw new Error('raw-closed: refusing a non-loopback target');
const connections = Number(connArg);
const durationMs = Number(durArg);
setTimeout(() => process.exit(1), durationMs + 30_000).unref();
const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`, 'latin1');
let done = 0;
let responseBytes = 0;
let stopping = false;
let open = connections;
const start = performance.now();
const finished = new Promise((resolve) => {
  for (let i = 0; i < connections; i++) {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.setNoDelay(true);
    let buffered = 0;
    socket.on('data', (chunk) => {
      if (responseBytes === 0) responseBytes = chunk.length;
      buffered += chunk.length;
      while (buffered >= responseBytes) {
        buffered -= responseBytes;
        done++;
        if (stopping) {
          socket.end();
          if (--open === 0) resolve(undefined);
        } else socket.write(request);
      }
    });
  }
});
setTimeout(() => (stopping = true), durationMs);
await finished;
const elapsed = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ requests: done, durationMs: Math.round(elapsed), rps: (done * 1000) / elapsed })}\n`,
);
process.exit(0);
