// Bare undici closed loop: the floor any undici-based generator can reach. N concurrent loops each call
// pool.dispatch() with undici 7's raw handler protocol (onConnect/onHeaders/onData/onComplete/onError: the one its
// clients speak internally, so no adapter per request — as `rollbench --http-client undici` uses it) and fire the
// next request when the previous one ends. No histograms, no timers per request. (Until 2026-11-29 this peer used
// the newer onRequestStart/onResponseEnd protocol, which undici wraps in an adapter; it measured below
// `rollbench --http-client undici` itself: 6.3 k against 8.1 k req/s.)
// Usage: node bench/peers/undici-dispatch.js <url> [connections=50] [durationMs=10000]
// Prints JSON { requests, non2xx, errors, durationMs, rps }.

import { Pool } from 'undici';

const [urlArg, connArg = '50', durArg = '10000'] = process.argv.slice(2);
if (!urlArg) {
  process.stderr.write('usage: undici-dispatch.js <url> [connections] [durationMs]\n');
  process.exit(2);
}
const url = new URL(urlArg);
if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
  process.stderr.write('undici-dispatch: refusing a non-loopback target\n');
  process.exit(2);
}
const connections = Number(connArg);
const durationMs = Number(durArg);
const path = `${url.pathname}${url.search}`;

const pool = new Pool(url.origin, { connections, pipelining: 1 });
/** @type {import('undici').Dispatcher.DispatchOptions} */
const opts = { path, method: 'GET' };

let requests = 0;
let non2xx = 0;
let errors = 0;
const start = performance.now();
const deadline = start + durationMs;

/** @param {() => void} done */
function loop(done) {
  /** @type {import('undici').Dispatcher.DispatchHandler} */
  const handler = /** @type {any} */ ({
    onConnect() {},
    /** @param {number} statusCode */
    onHeaders(statusCode) {
      if (statusCode < 200 || statusCode > 299) non2xx++;
      return true;
    },
    onData() {
      return true;
    },
    onComplete() {
      requests++;
      next();
    },
    onError() {
      errors++;
      // never spin synchronously on a failing pool
      setImmediate(next);
    },
  });
  function next() {
    if (performance.now() >= deadline) done();
    else pool.dispatch(opts, handler);
  }
  next();
}

await Promise.all(Array.from({ length: connections }, () => new Promise((resolve) => loop(() => resolve(undefined)))));
const elapsed = performance.now() - start;
await pool.close();
process.stdout.write(
  `${JSON.stringify({ requests, non2xx, errors, durationMs: Math.round(elapsed), rps: (requests * 1000) / elapsed })}\n`,
);
