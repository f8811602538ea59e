// The targets rollbench is held to, each judged PASS/MISS on the measured medians.

/**
 * @typedef {object} VerdictLine
 * @property {string} target     what is required
 * @property {'PASS' | 'MISS'} status
 * @property {number | null} value
 * @property {string} measured   the figure, formatted
 */

/**
 * @param {string} target
 * @param {number | null} value
 * @param {(v: number) => boolean} pass
 * @param {(v: number) => string} fmt
 * @param {string} [basis]  how the figure was obtained
 * @returns {VerdictLine}
 */
function line(target, value, pass, fmt, basis = '') {
  if (value === null) return { target, status: 'MISS', value, measured: 'no data' };
  return { target, status: pass(value) ? 'PASS' : 'MISS', value, measured: `${fmt(value)}${basis ? ` ${basis}` : ''}` };
}

const times = (/** @type {number} */ v) => `${v.toFixed(3)}×`;
const percent = (/** @type {number} */ v) => `${(v * 100).toFixed(3)} %`;

/**
 * @param {{
 *   vsAutocannon: number | null, vsDispatch: number | null,
 *   open5000: { rateShare: number | null, late1: number | null, late10: number | null, cpuPct: number | null },
 *   open2000: { rateShare: number | null, late1: number | null, late10: number | null, loadCpuUsPerReq: number | null },
 *   open2000EmptyBins: number | null, peakRssMiB: number | null, reps: number, rssRuns: number
 * }} f
 * @returns {VerdictLine[]}
 */
export function verdict(f) {
  const med = f.reps > 1 ? `(median of ${f.reps})` : '';
  return [
    line('closed model ≥ 1.1× autocannon req/s', f.vsAutocannon, (v) => v >= 1.1, times, med),
    line('closed model ≥ 0.9× bare undici dispatch loop req/s', f.vsDispatch, (v) => v >= 0.9, times, med),
    ...schedule(5000, f.open5000, med),
    line(
      '5000 req/s open: generator ≤ 40 % of one core',
      f.open5000.cpuPct,
      (v) => v <= 40,
      (v) => `${v.toFixed(1)} %`,
      med,
    ),
    ...schedule(2000, f.open2000, med),
    line(
      '2000 req/s open: ≤ 50 µs CPU per request while loading (all threads, start-up excluded)',
      f.open2000.loadCpuUsPerReq,
      (v) => v <= 50,
      (v) => `${v.toFixed(1)} µs`,
      med,
    ),
    line('2000 req/s open: ≤ 1 % empty 10 ms windows at target', f.open2000EmptyBins, (v) => v <= 0.01, percent, med),
    line(
      'peak RSS < 100 MiB at 50 connections',
      f.peakRssMiB,
      (v) => v < 100,
      (v) => `${v.toFixed(1)} MiB`,
      `(max of ${f.rssRuns} rollbench runs)`,
    ),
  ];
}

/**
 * The schedule kept at `rate`: the rate sent and the late sends.
 * @param {number} rate
 * @param {{ rateShare: number | null, late1: number | null, late10: number | null }} o
 * @param {string} med
 * @returns {VerdictLine[]}
 */
function schedule(rate, o, med) {
  return [
    line(`${rate} req/s open: ≥ 99.9 % of the rate sent`, o.rateShare, (v) => v >= 0.999, percent, med),
    line(`${rate} req/s open: < 5 % of sends late > 1 ms`, o.late1, (v) => v < 0.05, percent, med),
    line(`${rate} req/s open: < 0.1 % of sends late > 10 ms`, o.late10, (v) => v < 0.001, percent, med),
  ];
}
