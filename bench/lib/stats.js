// Medians, ranges and pairwise ratios over the repetitions of a measurement. Missing values (a tool that
// failed in one repetition) are skipped.

/**
 * @typedef {object} Summary
 * @property {number | null} median
 * @property {number | null} min
 * @property {number | null} max
 * @property {number} n          how many repetitions had a value
 * @property {(number | null)[]} values  per repetition, in order
 */

/** @param {unknown} v @returns {v is number} */
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** @param {(number | null | undefined)[]} values */
export function median(values) {
  const xs = values.filter(isNum).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? (xs[mid] ?? null) : ((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2;
}

/**
 * @param {(number | null | undefined)[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const xs = values.filter(isNum);
  return {
    median: median(xs),
    min: xs.length ? Math.min(...xs) : null,
    max: xs.length ? Math.max(...xs) : null,
    n: xs.length,
    values: values.map((v) => (isNum(v) ? v : null)),
  };
}

/**
 * Ratio a/b per repetition (both measured in the same repetition), then summarized.
 * @param {(number | null | undefined)[]} a
 * @param {(number | null | undefined)[]} b
 * @returns {Summary}
 */
export function pairwiseRatio(a, b) {
  return summarize(
    a.map((x, i) => {
      const y = b[i];
      return isNum(x) && isNum(y) && y !== 0 ? x / y : null;
    }),
  );
}

/**
 * Pick one numeric field of every sample, e.g. field(samples, (s) => s.rps).
 * @template T
 * @param {(T | null | undefined)[]} samples
 * @param {(s: T) => unknown} get
 * @returns {(number | null)[]}
 */
export function field(samples, get) {
  return samples.map((s) => {
    const v = s ? get(s) : null;
    return isNum(v) ? v : null;
  });
}
