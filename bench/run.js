// rollbench benchmark: closed-model throughput vs autocannon / a bare undici dispatch loop / wrk, open-model
// accuracy at fixed rates against an arrival-counting target, and the cost of latency histograms.
// Repetitions are the outermost loop (and the tool order rotates per repetition), so machine drift spreads
// across tools. All traffic goes to 127.0.0.1; every child process is stopped by PID on every exit path.
// Usage: npm run bench   (env: BENCH_DURATION_S=10 BENCH_REPS=3 BENCH_TARGET=nginx|node)

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './lib/config.js';
import { assertGnuTime } from './lib/measure.js';
import { ensurePeers } from './lib/peers.js';
import { installExitHandlers, isStopping, stopAll } from './lib/procs.js';
import { printReport, writeReport } from './lib/report.js';
import { startArrivalTarget, startClosedTarget } from './lib/targets.js';
import {
  arrivalReset,
  arrivalStats,
  ROOT,
  runAutocannon,
  runH2load,
  runHey,
  runOpenFloor,
  runRawClosed,
  runRollbench,
  runUndiciDispatch,
  runWrk,
} from './lib/tools.js';

/** @param {string} msg */
function progress(msg) {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${msg}\n`);
}

/**
 * @template T
 * @param {T[]} xs
 * @param {number} k
 */
const rotate = (xs, k) => xs.map((_, i) => /** @type {T} */ (xs[(i + k) % xs.length]));

const settle = () => new Promise((r) => setTimeout(r, 500));

/**
 * @param {import('./lib/tools.js').Sample} s
 */
function reportFailure(s) {
  if (!s.ok && !isStopping()) progress(`  ✗ ${s.tool} failed (continuing): ${s.error?.replace(/\n/g, '\n    ')}`);
}

async function main() {
  installExitHandlers();
  assertGnuTime();
  const cfg = loadConfig();
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const peers = ensurePeers(progress);
  const { hey: heyBin, h2load: h2loadBin, wrk: wrkBin } = peers.paths;
  const rollbenchBuilt = existsSync(join(ROOT, 'dist/cli/main.js'));
  if (!rollbenchBuilt) progress('dist/cli/main.js missing: rollbench is not built yet, its steps will fail (soft)');

  const closedStart = await startClosedTarget(cfg.target);
  const closedTarget = closedStart.target;
  progress(`closed-model target: ${closedTarget.describe} — ${closedStart.note}`);
  const arrival = await startArrivalTarget();
  progress(`open-model target: ${arrival.describe}`);

  const { connections, durationS } = cfg;
  /** @type {{ name: string, run: () => Promise<import('./lib/tools.js').Sample> }[]} */
  const closedTools = [
    { name: 'rollbench', run: () => runRollbench({ url: closedTarget.url, connections, durationS }) },
    {
      name: 'rollbench --no-histograms',
      run: () => runRollbench({ url: closedTarget.url, connections, durationS, histograms: false }),
    },
    {
      name: 'rollbench --http-client undici',
      run: () => runRollbench({ url: closedTarget.url, connections, durationS, httpClient: 'undici' }),
    },
    { name: 'autocannon', run: () => runAutocannon({ url: closedTarget.url, connections, durationS }) },
    { name: 'undici-dispatch', run: () => runUndiciDispatch({ url: closedTarget.url, connections, durationS }) },
    { name: 'raw-closed', run: () => runRawClosed({ url: closedTarget.url, connections, durationS }) },
  ];
  if (wrkBin)
    closedTools.push({ name: 'wrk', run: () => runWrk(wrkBin, { url: closedTarget.url, connections, durationS }) });
  if (heyBin)
    closedTools.push({ name: 'hey', run: () => runHey(heyBin, { url: closedTarget.url, connections, durationS }) });
  if (h2loadBin) {
    closedTools.push({
      name: 'h2load',
      run: () => runH2load(h2loadBin, { url: closedTarget.url, connections, durationS }),
    });
  }

  /** @type {(rate: number) => { name: string, run: () => Promise<import('./lib/tools.js').Sample> }[]} */
  const openTools = (rate) => [
    { name: 'rollbench', run: () => runRollbench({ url: arrival.url, connections, durationS, rate }) },
    {
      name: 'rollbench --http-client undici',
      run: () => runRollbench({ url: arrival.url, connections, durationS, rate, httpClient: 'undici' }),
    },
    { name: 'autocannon', run: () => runAutocannon({ url: arrival.url, connections, durationS, rate }) },
    // what the HTTP path alone costs at this rate: bare undici, and raw sockets (a leaner path's floor)
    {
      name: 'undici-open-floor',
      run: () => runOpenFloor('undici', { url: arrival.url, connections, durationS, rate }),
    },
    { name: 'raw-open-floor', run: () => runOpenFloor('raw', { url: arrival.url, connections, durationS, rate }) },
    ...(heyBin ? [{ name: 'hey', run: () => runHey(heyBin, { url: arrival.url, connections, durationS, rate }) }] : []),
    ...(h2loadBin
      ? [{ name: 'h2load', run: () => runH2load(h2loadBin, { url: arrival.url, connections, durationS, rate }) }]
      : []),
  ];

  /** @type {import('./lib/report.js').Results} */
  const results = { closed: {}, open: {} };
  for (const t of closedTools) results.closed[t.name] = [];
  for (const rate of cfg.rates) {
    results.open[rate] = {};
    for (const t of openTools(rate)) /** @type {any} */ (results.open[rate])[t.name] = [];
  }

  // warm-up (not reported): JIT of the node targets, first connections, page cache of the tools
  const warmS = Math.min(2, durationS);
  progress(`warm-up ${warmS} s against both targets`);
  await runUndiciDispatch({ url: closedTarget.url, connections, durationS: warmS });
  await runUndiciDispatch({ url: arrival.url, connections, durationS: warmS });

  for (let rep = 0; rep < cfg.reps; rep++) {
    const tag = `rep ${rep + 1}/${cfg.reps}`;
    for (const t of rotate(closedTools, rep)) {
      if (isStopping()) return;
      progress(`${tag} · closed model (--max, ${connections} conns, ${durationS} s) · ${t.name}`);
      await settle();
      const s = await t.run();
      reportFailure(s);
      results.closed[t.name]?.push(s);
    }
    for (const rate of cfg.rates) {
      for (const t of rotate(openTools(rate), rep)) {
        if (isStopping()) return;
        progress(`${tag} · open model ${rate} req/s (${connections} conns, ${durationS} s) · ${t.name}`);
        await settle();
        await arrivalReset(arrival.url);
        const s = await t.run();
        reportFailure(s);
        /** @type {import('./lib/report.js').OpenSample} */
        const o = { ...s, rate, target: await arrivalStats(arrival.url) };
        results.open[rate]?.[t.name]?.push(o);
      }
    }
  }

  progress('stopping targets');
  await closedTarget.stop();
  await arrival.stop();

  const meta = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    loadavg: { start: loadAtStart, end: loadavg() },
    durationS,
    reps: cfg.reps,
    connections,
    rates: cfg.rates,
    closedTarget: { kind: closedTarget.kind, describe: closedTarget.describe, note: closedStart.note },
    openTarget: { kind: arrival.kind, describe: arrival.describe },
    wrk: wrkBin,
    peers: { versions: peers.versions, skipped: peers.skipped },
    rollbenchBuilt,
  };
  const report = printReport(meta, results);
  const files = await writeReport(report);
  console.log(`\nJSON report: ${files.join(' and ')}`);
}

main()
  .catch(async (err) => {
    process.stderr.write(`[bench] aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
