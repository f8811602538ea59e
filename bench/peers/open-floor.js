// The open model's floors: what sending at a fixed rate costs with nothing but the HTTP path. Every 1 ms a timer
// sends whatever is due (no worker clock, no histograms, no per-request bookkeeping).
//   mode undici: Pool.dispatch() with a raw handler (the path rollbench's engine uses);
//   mode raw:    net.Socket per connection, one prebuilt request Buffer, responses counted by their byte length
//                (the target must answer every request with the same bytes, as the bench's targets do).
// Usage: node bench/peers/open-floor.js <undici|raw> <url> <rate> [connections=50] [durationMs=10000]
// Prints JSON { requests, errors, durationMs, rps }.

import net from 'node:net';
import { Pool } from 'undici';

const [mode, urlArg, rateArg, connArg = '50', durArg = '10000'] = process.argv.slice(2);
if ((mode !== 'undici' && mode !== 'raw') || !urlArg || !rateArg) {
  process.stderr.write('usage: open-floor.js <undici|raw> <url> <rate> [connections] [durationMs]\n');
  process.exit(2);
}
const url = new URL(urlArg);
if (url.hostname !== '127.0.0.1') {
  process.stderr.write('open-floor: refusing a non-loopback target\n');
  process.exit(2);
}
const rate = Number(rateArg);
const connections = Number(connArg);
const durationMs = Number(durArg);
const total = Math.round((rate * durationMs) / 1000);
// bounded: a target that stops answering cannot keep this process alive
setTimeout(() => {
  process.stderr.write('open-floor: deadline reached\n');
  process.exit(1);
}, durationMs + 30_000).unref();

let done = 0;
let errors = 0;
/** @type {() => void} */
let send;

if (mode === 'undici') {
  const pool = new Pool(url.origin, { connections, pipelining: 1 });
  /** @type {import('undici').Dispatcher.DispatchOptions} */
  const opts = { path: `${url.pathname}${url.search}`, method: 'GET' };
  /** @type {import('undici').Dispatcher.DispatchHandler} */
  const handler = {
    onRequestStart() {},
    onResponseStart() {},
    onResponseData() {},
    onResponseEnd() {
      done++;
    },
    onResponseError() {
      errors++;
      done++;
    },
  };
  send = () => pool.dispatch(opts, handler);
} else {
  const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`, 'latin1');
  /** @type {net.Socket[]} */
  const free = [];
  let queued = 0;
  let responseBytes = 0;
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise((resolve, reject) => {
          const socket = net.connect(Number(url.port), url.hostname, () => resolve(undefined));
          socket.setNoDelay(true);
          socket.once('error', reject);
          let buffered = 0;
          socket.on('data', (chunk) => {
            if (responseBytes === 0) responseBytes = chunk.length; // the first response arrives whole on loopback
            buffered += chunk.length;
            while (buffered >= responseBytes) {
              buffered -= responseBytes;
              done++;
              if (queued > 0) {
                queued--;
                socket.write(request);
              } else {
                free.push(socket);
              }
            }
          });
          free.push(socket);
        }),
    ),
  );
  send = () => {
    const socket = free.pop();
    if (socket) socket.write(request);
    else queued++;
  };
}

let sent = 0;
const start = performance.now();
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) {
    sent++;
    send();
  }
  if (sent >= total) clearInterval(timer);
}, 1);
await new Promise((resolve) => {
  const check = setInterval(() => {
    if (done >= total) {
      clearInterval(check);
      resolve(undefined);
    }
  }, 5);
});
const elapsed = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ requests: done - errors, errors, durationMs: Math.round(elapsed), rps: ((done - errors) * 1000) / elapsed })}\n`,
);
process.exit(0);
