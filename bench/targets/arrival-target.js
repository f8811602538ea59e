// Arrival-counting HTTP target for the open-model benchmark. Answers every request 200 "ok" and records its
// arrival time (process.hrtime) in 10 ms bins, so the smoothness of a generator can be judged at the receiver.
//   GET  /__stats  → JSON { arrivals, spanMs, bins, emptyBinShare, binsP50, binsP99, binsMax, firstTenthShare }
//   POST /__reset  → clears all bins
// Usage: node bench/targets/arrival-target.js  → prints `listening <port>` on stdout. Exits when stdin closes
// or on SIGTERM.

import http from 'node:http';
import { serveUntilClosed } from './serve.js';

const BIN_NS = 10_000_000n; // 10 ms
const BINS_PER_SECOND = 100;
const FIRST_TENTH_BINS = 10; // the first 100 ms of each second

/** @type {bigint | null} */
let first = null;
let lastBin = -1;
let arrivals = 0;
let counts = new Uint32Array(BINS_PER_SECOND * 120);

function reset() {
  first = null;
  lastBin = -1;
  arrivals = 0;
  counts.fill(0);
}

/** @param {bigint} now */
function record(now) {
  if (first === null) first = now;
  const bin = Number((now - first) / BIN_NS);
  if (bin >= counts.length) {
    const grown = new Uint32Array(Math.max(counts.length * 2, bin + 1));
    grown.set(counts);
    counts = grown;
  }
  counts[bin] = (counts[bin] ?? 0) + 1;
  if (bin > lastBin) lastBin = bin;
  arrivals++;
}

/**
 * @param {Uint32Array} sorted ascending
 * @param {number} q 0..1
 */
function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function stats() {
  // bins spanning first → last arrival (inclusive)
  const span = counts.subarray(0, lastBin + 1);
  const sorted = Uint32Array.from(span).sort();
  let empty = 0;
  let firstTenth = 0;
  for (let i = 0; i < span.length; i++) {
    if (span[i] === 0) empty++;
    if (i % BINS_PER_SECOND < FIRST_TENTH_BINS) firstTenth += span[i] ?? 0;
  }
  return {
    arrivals,
    spanMs: span.length * 10,
    bins: span.length,
    emptyBinShare: span.length ? empty / span.length : 0,
    binsP50: quantile(sorted, 0.5),
    binsP99: quantile(sorted, 0.99),
    binsMax: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    firstTenthShare: arrivals ? firstTenth / arrivals : 0,
  };
}

const server = http.createServer((req, res) => {
  const now = process.hrtime.bigint();
  if (req.url === '/__stats') {
    const body = JSON.stringify(stats());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (req.url === '/__reset' && req.method === 'POST') {
    reset();
    res.writeHead(204);
    res.end();
    return;
  }
  record(now);
  res.writeHead(200, { 'content-length': 2 });
  res.end('ok');
});
serveUntilClosed(server);
