// Bench settings from the environment.

/**
 * @param {string} name
 * @param {number} fallback
 * @param {(n: number) => boolean} valid
 */
function envNumber(name, fallback, valid) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!valid(n)) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const positiveInt = (/** @type {number} */ n) => Number.isInteger(n) && n > 0;

/**
 * @typedef {object} BenchConfig
 * @property {number} durationS     BENCH_DURATION_S (default 10): seconds per measurement
 * @property {number} reps          BENCH_REPS (default 3): interleaved repetitions, medians reported
 * @property {'nginx' | 'node' | undefined} target  BENCH_TARGET: closed-model target (default nginx if installed)
 * @property {number} connections   50
 * @property {number[]} rates       open-model rates, req/s
 */

/** @returns {BenchConfig} */
export function loadConfig() {
  const target = process.env.BENCH_TARGET || undefined;
  if (target !== undefined && target !== 'nginx' && target !== 'node') {
    throw new Error(`BENCH_TARGET must be nginx or node, got ${JSON.stringify(target)}`);
  }
  return {
    durationS: envNumber('BENCH_DURATION_S', 10, positiveInt),
    reps: envNumber('BENCH_REPS', 3, positiveInt),
    target,
    connections: 50,
    rates: [2000, 5000],
  };
}
