// Aggregate the samples of all repetitions, print the console report and write it as JSON to reports/.

import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { field, pairwiseRatio, summarize } from './stats.js';
import { heading, num, pct, range, table } from './table.js';
import { ROOT } from './tools.js';
import { verdict } from './verdict.js';

/**
 * @typedef {object} ArrivalStats
 * @property {number} arrivals
 * @property {number} emptyBinShare
 * @property {number} binsP50
 * @property {number} binsP99
 * @property {number} binsMax
 * @property {number} firstTenthShare
 */
/** @typedef {import('./tools.js').Sample & { rate: number, target: ArrivalStats }} OpenSample */
/**
 * @typedef {object} Results
 * @property {Record<string, import('./tools.js').Sample[]>} closed              tool → samples per repetition
 * @property {Record<number, Record<string, OpenSample[]>>} open                  rate → tool → samples
 */

/** @param {import('./tools.js').Sample[]} samples */
function closedSummary(samples) {
  return {
    rps: summarize(field(samples, (s) => s.rps)),
    p50Ms: summarize(field(samples, (s) => s.p50Ms)),
    p99Ms: summarize(field(samples, (s) => s.p99Ms)),
    cpuS: summarize(field(samples, (s) => (s.ok ? s.cpuS : null))),
    cpuUsPerReq: summarize(field(samples, (s) => s.cpuUsPerReq)),
    maxRssMiB: summarize(field(samples, (s) => (s.ok ? s.maxRssMiB : null))),
    ok: samples.filter((s) => s.ok).length,
    runs: samples.length,
  };
}

/** @param {OpenSample[]} samples */
function openSummary(samples) {
  const ok = samples.filter((s) => s.ok);
  return {
    sendRate: summarize(field(samples, (s) => s.rps)),
    rateShare: summarize(field(samples, (s) => (s.rps !== null ? s.rps / s.rate : null))),
    late1Share: summarize(field(samples, (s) => s.extra?.late1Share)),
    late10Share: summarize(field(samples, (s) => s.extra?.late10Share)),
    droppedSends: summarize(field(samples, (s) => s.extra?.droppedSends)),
    cpuPctOfCore: summarize(field(samples, (s) => s.cpuPctOfCore)),
    cpuUsPerReq: summarize(field(samples, (s) => s.cpuUsPerReq)),
    loadCpuUsPerReq: summarize(field(samples, (s) => s.extra?.loadCpuUsPerReq)),
    maxRssMiB: summarize(field(samples, (s) => (s.ok ? s.maxRssMiB : null))),
    countMinusTarget: summarize(field(ok, (s) => (s.requests === null ? null : s.requests - s.target.arrivals))),
    emptyBinShare: summarize(field(ok, (s) => s.target.emptyBinShare)),
    firstTenthShare: summarize(field(ok, (s) => s.target.firstTenthShare)),
    binsP99: summarize(field(ok, (s) => s.target.binsP99)),
    binsMax: summarize(field(ok, (s) => s.target.binsMax)),
    ok: ok.length,
    runs: samples.length,
  };
}

const f0 = (/** @type {number | null} */ v) => num(v, 0);
const f1 = (/** @type {number | null} */ v) => num(v, 1);
const f2 = (/** @type {number | null} */ v) => num(v, 2);
const f3 = (/** @type {number | null} */ v) => num(v, 3);
const p2 = (/** @type {number | null} */ v) => pct(v, 2);
const p3 = (/** @type {number | null} */ v) => pct(v, 3);

/**
 * @param {Record<string, unknown>} meta
 * @param {Results} results
 * @returns {Record<string, unknown>} the JSON report
 */
export function printReport(meta, results) {
  const out = /** @type {string[]} */ ([]);
  const closedTarget = /** @type {{ describe: string, note: string }} */ (meta.closedTarget);
  const openTarget = /** @type {{ describe: string }} */ (meta.openTarget);
  const reps = /** @type {number} */ (meta.reps);
  const durationS = /** @type {number} */ (meta.durationS);
  const cpu = cpus();
  const load = /** @type {{ start: number[], end: number[] }} */ (meta.loadavg);
  const la = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(' ');
  out.push(
    heading('rollbench bench'),
    `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
    `${reps} interleaved repetition(s) × ${durationS} s per measurement, ${meta.connections} connections; figures are medians [min–max]`,
    `load average (1/5/15 min) at start ${la(load.start)}, at end ${la(load.end)}: other work on the machine skews results`,
    `CPU and peak RSS of every generator: /usr/bin/time -f '%U %S %M' (user+sys, max RSS) around the whole command`,
  );

  // 1. closed model
  /** @type {Record<string, ReturnType<typeof closedSummary>>} */
  const closed = {};
  for (const [tool, samples] of Object.entries(results.closed)) closed[tool] = closedSummary(samples);
  out.push(heading('1. Closed model, max throughput'), `target: ${closedTarget.describe} (${closedTarget.note})`);
  if (!meta.wrk) out.push('wrk not installed (apt-get install wrk): skipped');
  out.push(
    table(
      ['tool', 'req/s', 'p50 ms', 'p99 ms', 'CPU s', 'CPU µs/req', 'peak RSS MiB', 'ok runs'],
      Object.entries(closed).map(([tool, s]) => [
        tool,
        range(s.rps, f0),
        range(s.p50Ms, f2),
        range(s.p99Ms, f2),
        range(s.cpuS, f2),
        range(s.cpuUsPerReq, f1),
        range(s.maxRssMiB, f1),
        `${s.ok}/${s.runs}`,
      ]),
    ),
  );
  if (results.closed.autocannon) out.push('(autocannon reports latency percentiles in whole milliseconds)');
  const rb = results.closed.rollbench ?? [];
  /** @param {string} other @param {(s: import('./tools.js').Sample) => unknown} get */
  const vs = (other, get) => pairwiseRatio(field(rb, get), field(results.closed[other] ?? [], get));
  const ratios = {
    rpsVsAutocannon: vs('autocannon', (s) => s.rps),
    rpsVsDispatch: vs('undici-dispatch', (s) => s.rps),
    cpuPerReqVsAutocannon: vs('autocannon', (s) => s.cpuUsPerReq),
    cpuPerReqVsDispatch: vs('undici-dispatch', (s) => s.cpuUsPerReq),
    rpsVsRaw: vs('raw-closed', (s) => s.rps),
    cpuPerReqVsRaw: vs('raw-closed', (s) => s.cpuUsPerReq),
    rpsVsUndiciClient: vs('rollbench --http-client undici', (s) => s.rps),
    cpuPerReqVsUndiciClient: vs('rollbench --http-client undici', (s) => s.cpuUsPerReq),
    ...(results.closed.wrk ? { rpsVsWrk: vs('wrk', (s) => s.rps) } : {}),
    ...(results.closed.hey
      ? { rpsVsHey: vs('hey', (s) => s.rps), cpuPerReqVsHey: vs('hey', (s) => s.cpuUsPerReq) }
      : {}),
    ...(results.closed.h2load
      ? { rpsVsH2load: vs('h2load', (s) => s.rps), cpuPerReqVsH2load: vs('h2load', (s) => s.cpuUsPerReq) }
      : {}),
  };
  out.push(
    '',
    'ratios (pairwise per repetition, then median [min–max]):',
    table(
      ['rollbench ÷', 'req/s', 'CPU µs/req'],
      [
        ['autocannon', range(ratios.rpsVsAutocannon, f3), range(ratios.cpuPerReqVsAutocannon, f3)],
        ['undici-dispatch', range(ratios.rpsVsDispatch, f3), range(ratios.cpuPerReqVsDispatch, f3)],
        ['raw-closed (raw sockets)', range(ratios.rpsVsRaw, f3), range(ratios.cpuPerReqVsRaw, f3)],
        [
          'rollbench --http-client undici',
          range(ratios.rpsVsUndiciClient, f3),
          range(ratios.cpuPerReqVsUndiciClient, f3),
        ],
        ...(ratios.rpsVsWrk ? [['wrk', range(ratios.rpsVsWrk, f3), '']] : []),
        ...(ratios.rpsVsHey && ratios.cpuPerReqVsHey
          ? [['hey', range(ratios.rpsVsHey, f3), range(ratios.cpuPerReqVsHey, f3)]]
          : []),
        ...(ratios.rpsVsH2load && ratios.cpuPerReqVsH2load
          ? [['h2load', range(ratios.rpsVsH2load, f3), range(ratios.cpuPerReqVsH2load, f3)]]
          : []),
      ],
    ),
  );

  // 2. open model
  /** @type {Record<number, Record<string, ReturnType<typeof openSummary>>>} */
  const open = {};
  out.push(heading('2. Open model accuracy'), `target: ${openTarget.describe}`);
  out.push(
    "late/dropped sends come from rollbench's JSON; empty bins and first-100 ms share are counted at the target",
  );
  for (const [rate, byTool] of Object.entries(results.open)) {
    const r = Number(rate);
    open[r] = {};
    for (const [tool, samples] of Object.entries(byTool)) /** @type {any} */ (open[r])[tool] = openSummary(samples);
    out.push(
      '',
      `${num(r)} req/s:`,
      table(
        [
          'tool',
          'sent req/s',
          '% of rate',
          'late >1 ms',
          'late >10 ms',
          'dropped',
          'count − target',
          'CPU % core',
          'CPU µs/req',
          'in load µs/req',
          'peak RSS MiB',
          'empty 10 ms bins',
          'first-100 ms share',
          'bin p99/max',
        ],
        Object.entries(open[r] ?? {}).map(([tool, s]) => [
          tool,
          range(s.sendRate, f0),
          range(s.rateShare, p2),
          range(s.late1Share, p3),
          range(s.late10Share, p3),
          range(s.droppedSends, f0),
          range(s.countMinusTarget, f0),
          range(s.cpuPctOfCore, f1),
          range(s.cpuUsPerReq, f1),
          range(s.loadCpuUsPerReq, f1),
          range(s.maxRssMiB, f1),
          range(s.emptyBinShare, p2),
          range(s.firstTenthShare, p2),
          s.binsP99.median === null ? '–' : `${f0(s.binsP99.median)}/${f0(s.binsMax.median)}`,
        ]),
      ),
    );
  }
  out.push(
    '(an even stream puts 10.00 % of arrivals in the first 100 ms of each second; count − target: requests the tool',
    ' reports minus arrivals the target counted, 0 when exact)',
  );

  // 3. recording cost
  const noHist = results.closed['rollbench --no-histograms'] ?? [];
  const recording = {
    rpsWithOverWithout: pairwiseRatio(
      field(rb, (s) => s.rps),
      field(noHist, (s) => s.rps),
    ),
    cpuPerReqWithOverWithout: pairwiseRatio(
      field(rb, (s) => s.cpuUsPerReq),
      field(noHist, (s) => s.cpuUsPerReq),
    ),
  };
  out.push(
    heading('3. Recording cost (rollbench --max, histograms on ÷ --no-histograms)'),
    table(
      ['ratio', 'median [min–max]'],
      [
        ['req/s', range(recording.rpsWithOverWithout, f3)],
        ['CPU µs/req', range(recording.cpuPerReqWithOverWithout, f3)],
      ],
    ),
  );

  // 4. verdict
  const o5 = open[5000]?.rollbench;
  const o2 = open[2000]?.rollbench;
  const rssRuns = [...rb, ...noHist, ...Object.values(results.open).flatMap((byTool) => byTool.rollbench ?? [])].filter(
    (s) => s.ok && s.maxRssMiB !== null,
  );
  const lines = verdict({
    vsAutocannon: ratios.rpsVsAutocannon.median,
    vsDispatch: ratios.rpsVsDispatch.median,
    open5000: {
      rateShare: o5?.rateShare.median ?? null,
      late1: o5?.late1Share.median ?? null,
      late10: o5?.late10Share.median ?? null,
      cpuPct: o5?.cpuPctOfCore.median ?? null,
    },
    open2000: {
      rateShare: o2?.rateShare.median ?? null,
      late1: o2?.late1Share.median ?? null,
      late10: o2?.late10Share.median ?? null,
      loadCpuUsPerReq: o2?.loadCpuUsPerReq.median ?? null,
    },
    open2000EmptyBins: o2?.emptyBinShare.median ?? null,
    peakRssMiB: rssRuns.length ? Math.max(...rssRuns.map((s) => /** @type {number} */ (s.maxRssMiB))) : null,
    reps,
    rssRuns: rssRuns.length,
  });
  out.push(
    heading('4. Verdict'),
    table(
      ['target', 'result', 'measured'],
      lines.map((l) => [l.target, l.status, l.measured]),
      [1, 2],
    ),
    `${lines.filter((l) => l.status === 'PASS').length}/${lines.length} targets met`,
  );

  console.log(out.join('\n'));
  return {
    meta: {
      ...meta,
      machine: {
        cpus: cpu.length,
        model: cpu[0]?.model,
        totalMemBytes: totalmem(),
        kernel: release(),
        os: osName(),
      },
      node: process.version,
    },
    closed: { summary: closed, ratios, samples: results.closed },
    open: { summary: open, samples: results.open },
    recording,
    verdict: lines,
  };
}

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Writes the report to reports/ (every run) and to bench/results/<date>.json, the file to commit beside the figures
 * a README quotes.
 * @param {Record<string, unknown>} report
 * @returns {Promise<string[]>} paths of the written files
 */
export async function writeReport(report) {
  const dir = join(ROOT, 'reports');
  await mkdir(dir, { recursive: true });
  // ISO 8601 basic-ish: colons are awkward in file names
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const file = join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, text);
  const resultsDir = join(ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const committed = join(resultsDir, `${stamp.slice(0, 10)}.json`);
  await writeFile(committed, text);
  return [file, committed];
}
