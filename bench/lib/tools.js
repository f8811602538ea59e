// One runner per load generator: build its command line, run it under GNU time (measure.js), and parse its
// own output into a common Sample. A failing tool yields { ok: false, error } instead of throwing.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.js';
import { tmpPath } from './tmp.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AUTOCANNON = join(ROOT, 'node_modules/.bin/autocannon');
const UNDICI_PEER = join(ROOT, 'bench/peers/undici-dispatch.js');
const OPEN_FLOOR_PEER = join(ROOT, 'bench/peers/open-floor.js');
const RAW_CLOSED_PEER = join(ROOT, 'bench/peers/raw-closed.js');
const ROLLBENCH = join(ROOT, 'bin/rollbench.js');

/**
 * @typedef {object} Sample
 * @property {string} tool
 * @property {boolean} ok
 * @property {string} [error]
 * @property {number | null} rps            completed requests per second of load
 * @property {number | null} requests
 * @property {number | null} durationMs     load duration as the tool reports it
 * @property {number | null} p50Ms
 * @property {number | null} p99Ms
 * @property {number | null} cpuS           generator user+sys seconds (GNU time)
 * @property {number | null} cpuUsPerReq
 * @property {number | null} cpuPctOfCore   cpuS over the command's wall time, % of one core
 * @property {number | null} maxRssMiB      generator peak RSS (GNU time %M)
 * @property {number} wallMs
 * @property {Record<string, unknown>} [extra]  tool-specific fields (late sends, dropped sends, …)
 */

/**
 * @typedef {object} RunSpec
 * @property {string} url
 * @property {number} connections
 * @property {number} durationS
 * @property {number} [rate]          open model: requests per second
 * @property {boolean} [histograms]   rollbench only; default true
 * @property {'undici'} [httpClient]   rollbench only: send with undici instead of its own client
 */

/**
 * @param {string} tool
 * @param {import('./measure.js').Measured} m
 * @param {Partial<Sample>} parsed
 * @returns {Sample}
 */
function sample(tool, m, parsed) {
  const requests = parsed.requests ?? null;
  return {
    tool,
    ok: true,
    rps: null,
    requests,
    durationMs: null,
    p50Ms: null,
    p99Ms: null,
    ...parsed,
    cpuS: m.cpuS,
    cpuUsPerReq: m.cpuS !== null && requests ? (m.cpuS * 1e6) / requests : null,
    cpuPctOfCore: m.cpuS !== null && m.wallMs > 0 ? (m.cpuS * 1000 * 100) / m.wallMs : null,
    maxRssMiB: m.maxRssKb !== null ? m.maxRssKb / 1024 : null,
    wallMs: m.wallMs,
  };
}

/**
 * @param {string} tool
 * @param {unknown} err
 * @param {import('./measure.js').Measured} [m]
 * @returns {Sample}
 */
function failed(tool, err, m) {
  // the first lines of a Node crash name the error; the rest is a stack
  const lines = m ? `${m.stderr}\n${m.stdout}`.split('\n').filter((l) => l.trim()) : [];
  const firstError = lines.findIndex((l) => /error/i.test(l));
  const tail = lines.slice(Math.max(0, firstError), Math.max(0, firstError) + 4).join('\n');
  const why = err instanceof Error ? err.message : String(err);
  return {
    tool,
    ok: false,
    error: tail ? `${why}\n${tail}` : why,
    rps: null,
    requests: null,
    durationMs: null,
    p50Ms: null,
    p99Ms: null,
    cpuS: m?.cpuS ?? null,
    cpuUsPerReq: null,
    cpuPctOfCore: null,
    maxRssMiB: m?.maxRssKb != null ? m.maxRssKb / 1024 : null,
    wallMs: m?.wallMs ?? 0,
  };
}

/** @param {RunSpec} spec */
const timeoutOf = (spec) => spec.durationS * 1000 + 30_000;

/**
 * @param {import('./measure.js').Measured} m
 * @param {string} what
 */
function assertExited(m, what) {
  if (m.timedOut) throw new Error(`${what} did not finish within its watchdog and was killed`);
  if (m.code !== 0) throw new Error(`${what} exited with code ${m.code}`);
}

/**
 * rollbench load, closed (--max) or open (--rate N) model.
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
export async function runRollbench(spec) {
  const tool =
    spec.histograms === false
      ? 'rollbench --no-histograms'
      : spec.httpClient === 'undici'
        ? 'rollbench --http-client undici'
        : 'rollbench';
  const jsonFile = join(await tmpPath(), `rollbench-${process.hrtime.bigint()}.json`);
  const args = [ROLLBENCH, 'load', spec.url];
  if (spec.rate) args.push('--rate', String(spec.rate));
  else args.push('--model', 'closed');
  args.push('--connections', String(spec.connections), '--duration', `${spec.durationS}s`, '--quiet');
  args.push('--json', jsonFile);
  if (spec.histograms === false) args.push('--no-histograms');
  if (spec.httpClient !== undefined) args.push('--http-client', spec.httpClient);
  /** @type {import('./measure.js').Measured | undefined} */
  let m;
  try {
    m = await measure(process.execPath, args, { timeoutMs: timeoutOf(spec), cwd: ROOT });
    assertExited(m, 'rollbench');
    const doc = JSON.parse(await readFile(jsonFile, 'utf8'));
    const s = doc.summary;
    const ok200 = s.outcomes?.['200'];
    // every send that left: completed with an outcome, or still in flight when the run was aborted
    const sends = s.requests + (s.unfinished ?? 0);
    return sample(tool, m, {
      requests: s.requests,
      durationMs: s.durationMs,
      rps: s.durationMs > 0 ? (s.requests * 1000) / s.durationMs : null,
      p50Ms: spec.histograms === false ? null : (ok200?.p50Ms ?? null),
      p99Ms: spec.histograms === false ? null : (ok200?.p99Ms ?? null),
      extra: {
        sentRps: s.sentRps,
        succeededRps: s.succeededRps,
        drainMs: s.drainMs,
        failed: s.failed,
        late1: s.lateSends?.over1Ms ?? null,
        late10: s.lateSends?.over10Ms ?? null,
        lateMaxMs: s.lateSends?.maxMs ?? null,
        late1Share: sends > 0 && s.lateSends ? s.lateSends.over1Ms / sends : null,
        late10Share: sends > 0 && s.lateSends ? s.lateSends.over10Ms / sends : null,
        droppedSends: s.droppedSends ?? null,
        unfinished: s.unfinished ?? null,
        stopReason: s.stopReason ?? null,
        selfReported: s.generator ?? null,
        // CPU of the whole process (all threads) from the judged start to the last outcome, per request: the load's
        // own cost, without the process's start-up, which the whole-process figure spreads over the requests
        loadCpuUsPerReq: s.generator && s.requests > 0 ? s.generator.cpuUs / s.requests : null,
      },
    });
  } catch (err) {
    return failed(tool, err, m);
  } finally {
    await rm(jsonFile, { force: true });
  }
}

/**
 * autocannon -c N -d S --json [-R rate]
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
export async function runAutocannon(spec) {
  const args = ['-c', String(spec.connections), '-d', String(spec.durationS), '--json'];
  if (spec.rate) args.push('-R', String(spec.rate));
  args.push(spec.url);
  /** @type {import('./measure.js').Measured | undefined} */
  let m;
  try {
    m = await measure(AUTOCANNON, args, { timeoutMs: timeoutOf(spec), cwd: ROOT });
    assertExited(m, 'autocannon');
    const j = JSON.parse(m.stdout);
    const requests = j.requests.total;
    const durationMs = j.duration * 1000;
    return sample('autocannon', m, {
      requests,
      durationMs,
      rps: durationMs > 0 ? (requests * 1000) / durationMs : null,
      p50Ms: j.latency?.p50 ?? null,
      p99Ms: j.latency?.p99 ?? null,
      extra: { sent: j.requests.sent, errors: j.errors, timeouts: j.timeouts, non2xx: j.non2xx },
    });
  } catch (err) {
    return failed('autocannon', err, m);
  }
}

/**
 * bench/peers/undici-dispatch.js <url> <connections> <durationMs>
 * @param {RunSpec} spec
 */
export const runUndiciDispatch = (spec) => runClosedFloor('undici-dispatch', UNDICI_PEER, spec);

/**
 * bench/peers/raw-closed.js <url> <connections> <durationMs>: raw sockets, what a leaner path than undici could reach
 * @param {RunSpec} spec
 */
export const runRawClosed = (spec) => runClosedFloor('raw-closed', RAW_CLOSED_PEER, spec);

/**
 * A closed-loop floor peer: node <peer> <url> <connections> <durationMs>, printing JSON { requests, durationMs, rps }.
 * @param {string} tool
 * @param {string} peer
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
async function runClosedFloor(tool, peer, spec) {
  const args = [peer, spec.url, String(spec.connections), String(spec.durationS * 1000)];
  /** @type {import('./measure.js').Measured | undefined} */
  let m;
  try {
    m = await measure(process.execPath, args, { timeoutMs: timeoutOf(spec), cwd: ROOT });
    assertExited(m, tool);
    const j = JSON.parse(m.stdout);
    return sample(tool, m, {
      requests: j.requests,
      durationMs: j.durationMs,
      rps: j.rps,
      extra: { errors: j.errors, non2xx: j.non2xx },
    });
  } catch (err) {
    return failed(tool, err, m);
  }
}

/**
 * "667.00us" / "0.92ms" / "1.20s" → ms
 * @param {string} v
 */
function wrkTimeMs(v) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  return { us: n / 1000, ms: n, s: n * 1000, m: n * 60_000 }[/** @type {'us' | 'ms' | 's' | 'm'} */ (m[2])];
}

/**
 * Parse `wrk --latency` text output.
 * @param {string} out
 */
export function parseWrk(out) {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(out);
  if (!total) throw new Error('could not parse wrk output');
  const requests = Number(total[1]);
  const durationMs = wrkTimeMs(`${total[2]}${total[3]}`);
  const p50 = /^\s+50%\s+(\S+)/m.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? null;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return {
    requests,
    durationMs,
    rps: durationMs ? (requests * 1000) / durationMs : null,
    p50Ms: p50?.[1] ? wrkTimeMs(p50[1]) : null,
    p99Ms: p99?.[1] ? wrkTimeMs(p99[1]) : null,
    extra: { socketErrors: errors, non2xx },
  };
}

/**
 * wrk -t1 -cN -dSs --latency <url>
 * @param {string} wrkBin
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
export async function runWrk(wrkBin, spec) {
  const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationS}s`, '--latency', spec.url];
  return runNative('wrk', wrkBin, args, spec, parseWrk);
}

/**
 * Runs a native peer under GNU time and parses its text output.
 * @param {string} tool
 * @param {string} bin
 * @param {string[]} args
 * @param {RunSpec} spec
 * @param {(out: string) => Partial<Sample>} parse
 * @returns {Promise<Sample>}
 */
async function runNative(tool, bin, args, spec, parse) {
  /** @type {import('./measure.js').Measured | undefined} */
  let m;
  try {
    m = await measure(bin, args, { timeoutMs: timeoutOf(spec), cwd: ROOT });
    assertExited(m, tool);
    return sample(tool, m, parse(m.stdout));
  } catch (err) {
    return failed(tool, err, m);
  }
}

/**
 * @param {string} url arrival target base url
 * @param {'stats' | 'reset'} what
 */
async function arrivalCall(url, what) {
  const res = await fetch(new URL(`/__${what}`, url), { method: what === 'reset' ? 'POST' : 'GET' });
  if (!res.ok) throw new Error(`arrival target /__${what} answered ${res.status}`);
  return res;
}

/**
 * Arrival statistics since the last reset (see targets/arrival-target.js).
 * @param {string} url arrival target base url
 * @returns {Promise<import('./report.js').ArrivalStats>}
 */
export async function arrivalStats(url) {
  return /** @type {Promise<import('./report.js').ArrivalStats>} */ ((await arrivalCall(url, 'stats')).json());
}

/** @param {string} url arrival target base url */
export async function arrivalReset(url) {
  await (await arrivalCall(url, 'reset')).arrayBuffer();
}

/**
 * Parse `hey` text output: requests from the status code and error distributions, percentiles from its
 * latency distribution (seconds).
 * @param {string} out
 */
export function parseHey(out) {
  const total = /Total:\s+([\d.]+) secs/.exec(out);
  if (!total) throw new Error('could not parse hey output');
  const durationMs = Number(total[1]) * 1000;
  const count = (/** @type {RegExp} */ re) => [...out.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
  const responses = count(/^\s+\[\d+\]\s+(\d+) responses/gm);
  const errors = count(/^\s+\[(\d+)\]\s+(?!.*responses)/gm);
  const pct = (/** @type {string} */ p) => {
    const m = new RegExp(`^\\s+${p}% in ([\\d.]+) secs`, 'm').exec(out);
    return m ? Number(m[1]) * 1000 : null;
  };
  const requests = responses + errors;
  return {
    requests,
    durationMs,
    rps: durationMs > 0 ? (requests * 1000) / durationMs : null,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    extra: { responses, errors },
  };
}

/**
 * hey -z Ss -c N [-q rate/N] <url>: hey's rate limit is per worker (connection).
 * @param {string} heyBin
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
export async function runHey(heyBin, spec) {
  const args = ['-z', `${spec.durationS}s`, '-c', String(spec.connections)];
  if (spec.rate) args.push('-q', String(spec.rate / spec.connections));
  args.push(spec.url);
  return runNative('hey', heyBin, args, spec, parseHey);
}

/**
 * Parse `h2load` output. It prints min/max/mean of request times, no percentiles.
 * @param {string} out
 */
export function parseH2load(out) {
  const finished = /finished in ([\d.]+)(ms|s),/.exec(out);
  const counts = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
    out,
  );
  if (!finished || !counts) throw new Error('could not parse h2load output');
  const durationMs = Number(finished[1]) * (finished[2] === 's' ? 1000 : 1);
  const requests = Number(counts[3]);
  return {
    requests,
    durationMs,
    rps: durationMs > 0 ? (requests * 1000) / durationMs : null,
    extra: {
      started: Number(counts[2]),
      succeeded: Number(counts[4]),
      failed: Number(counts[5]),
      errored: Number(counts[6]),
    },
  };
}

/**
 * h2load --h1 -c N -D S [--rps rate/N] <url>: one thread; --rps is per client (connection).
 * @param {string} h2loadBin
 * @param {RunSpec} spec
 * @returns {Promise<Sample>}
 */
export async function runH2load(h2loadBin, spec) {
  const args = ['--h1', '-t1', '-c', String(spec.connections), '-D', String(spec.durationS)];
  if (spec.rate) args.push('--rps', String(spec.rate / spec.connections));
  args.push(spec.url);
  return runNative('h2load', h2loadBin, args, spec, parseH2load);
}

/**
 * bench/peers/open-floor.js <undici|raw> <url> <rate> <connections> <durationMs>: the open model's cost floors.
 * @param {'undici' | 'raw'} mode
 * @param {RunSpec & { rate: number }} spec
 * @returns {Promise<Sample>}
 */
export async function runOpenFloor(mode, spec) {
  const tool = `${mode}-open-floor`;
  const args = [
    OPEN_FLOOR_PEER,
    mode,
    spec.url,
    String(spec.rate),
    String(spec.connections),
    String(spec.durationS * 1000),
  ];
  /** @type {import('./measure.js').Measured | undefined} */
  let m;
  try {
    m = await measure(process.execPath, args, { timeoutMs: timeoutOf(spec), cwd: ROOT });
    assertExited(m, tool);
    const j = JSON.parse(m.stdout);
    return sample(tool, m, { requests: j.requests, durationMs: j.durationMs, rps: j.rps, extra: { errors: j.errors } });
  } catch (err) {
    return failed(tool, err, m);
  }
}
