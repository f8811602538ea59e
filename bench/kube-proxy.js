// The embedded cluster's kube-proxy: CPU per proxied request, its own process measured from /proc/<pid>/stat
// (user + sys, 10 ms ticks) around `rollbench load --rate R` through it to three `rollbench sample-app` replicas.
// Side by side, repetition outermost and the order rotated per repetition: rollbench's `l7` and `l4` proxies, a bare
// node:http server answering itself (one HTTP hop: the reference), and `raw-l7-floor` (per-request forwarding over raw
// sockets: what a leaner l7 path than node:http + undici could reach). Medians [min–max]; ratios to l7 pairwise per
// repetition (to the first of BENCH_VARIANTS when l7 is not among them). All traffic on 127.0.0.1. Writes
// bench/results/kube-proxy-<date><BENCH_TAG>.json.
// Usage: npm run build && node bench/kube-proxy.js    (BENCH_RATE=200 BENCH_DURATION_S=8 BENCH_REPS=3
//        BENCH_VARIANTS=l7,l4,node-http,raw-l7-floor BENCH_TAG=)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { installExitHandlers, stop, stopAll } from './lib/procs.js';
import { cpuMs, loadThrough, ROLLBENCH, startNode } from './lib/proxied-load.js';
import { pairwiseRatio, summarize } from './lib/stats.js';
import { heading, num, range, table } from './lib/table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = `${ROOT}bench/peers/kube-proxy-host.js`;
const RAW_FLOOR = `${ROOT}bench/peers/raw-l7-floor.js`;
const rate = Number(process.env.BENCH_RATE ?? 200);
const durationS = Number(process.env.BENCH_DURATION_S ?? 8);
const reps = Number(process.env.BENCH_REPS ?? 3);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'l7,l4,node-http,raw-l7-floor').split(',');
const REFERENCE = VARIANTS.includes('l7') ? 'l7' : (VARIANTS[0] ?? 'l7');
const tag = process.env.BENCH_TAG ?? '';

async function measureOnce(/** @type {string} */ variant, /** @type {number[]} */ appPorts) {
  const args = variant === 'raw-l7-floor' ? [RAW_FLOOR, appPorts.join(',')] : [HOST, variant, appPorts.join(',')];
  const { child, port } = await startNode(args, /port (\d+)\n/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = cpuMs(child.pid);
  const { requests, failed } = await loadThrough(port, rate, durationS);
  const after = cpuMs(child.pid);
  child.stdin?.end();
  await stop(child, 3000);
  const userMs = after.userMs - before.userMs;
  const sysMs = after.sysMs - before.sysMs;
  return { variant, requests, failed, userMs, sysMs, usPerRequest: ((userMs + sysMs) * 1000) / requests };
}

installExitHandlers();
try {
  const apps = [];
  for (let i = 0; i < 3; i++) apps.push(await startNode([ROLLBENCH, 'sample-app', '--port', '0'], /:(\d+)\n/));
  const appPorts = apps.map((app) => app.port);
  /** @type {Record<string, ReturnType<typeof measureOnce> extends Promise<infer T> ? T[] : never>} */
  const samples = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const variant = VARIANTS[(rep + k) % VARIANTS.length] ?? REFERENCE;
      const sample = await measureOnce(variant, appPorts);
      process.stderr.write(`[kube-proxy] rep ${rep + 1}/${reps} ${JSON.stringify(sample)}\n`);
      samples[variant]?.push(sample);
    }
  }
  const perRequest = (/** @type {string} */ variant) => (samples[variant] ?? []).map((s) => s.usPerRequest);
  const rows = VARIANTS.map((variant) => {
    const user = summarize((samples[variant] ?? []).map((s) => (s.userMs * 1000) / s.requests));
    const sys = summarize((samples[variant] ?? []).map((s) => (s.sysMs * 1000) / s.requests));
    return [
      variant,
      range(summarize(perRequest(variant)), (v) => num(v)),
      num(user.median),
      num(sys.median),
      range(pairwiseRatio(perRequest(variant), perRequest(REFERENCE)), (v) => num(v, 2)),
      num(Math.max(...(samples[variant] ?? []).map((s) => s.failed))),
    ];
  });
  process.stdout.write(`${heading(`kube-proxy CPU per request at ${rate} req/s, ${durationS} s, ${reps} reps`)}\n`);
  process.stdout.write(
    `${table(['proxy', 'CPU µs/req', 'user µs', 'sys µs', `÷ ${REFERENCE}`, 'failed (max)'], rows)}\n`,
  );
  const date = new Date().toISOString().slice(0, 10);
  const meta = { date, rate, durationS, reps, cpus: cpus().length, node: process.version, loadavg: loadavg() };
  writeFileSync(
    `${ROOT}bench/results/kube-proxy-${date}${tag}.json`,
    `${JSON.stringify({ meta, samples }, null, 2)}\n`,
  );
} finally {
  await stopAll();
}
