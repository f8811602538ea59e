import type { Histogram } from '../core/histogram.js';

// Tests on whole distributions and counts, so that compare calls a change a regression only when it is unlikely
// to be noise: two runs of the same build never have identical percentiles.

/** Quantile points at which the two distributions are compared: every 0.1 %, the resolution of the test. */
const GRID = Array.from({ length: 1001 }, (_, i) => i / 10);

/** Fraction of a histogram's values ≤ v, read from its quantile table (ascending values at the GRID points). */
function cdfAt(table: readonly number[], value: number): number {
  let low = 0;
  let high = table.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((table[middle] ?? 0) <= value) low = middle + 1;
    else high = middle;
  }
  return low / table.length;
}

/**
 * One-sided two-sample Kolmogorov–Smirnov test that `candidate` is slower than `baseline`: D⁺ = the largest amount
 * by which the baseline's CDF lies above the candidate's, p ≈ exp(−2·n·D⁺²) with n = nm/(n+m). Read from the
 * histograms' quantiles at 0.1 % steps (HDR histograms keep 3 significant digits anyway). p = 1 when either is empty.
 */
export function slowerTest(baseline: Histogram, candidate: Histogram): { d: number; pValue: number } {
  const n = baseline.totalCount;
  const m = candidate.totalCount;
  if (n === 0 || m === 0) return { d: 0, pValue: 1 };
  const base = GRID.map((p) => baseline.getValueAtPercentile(p));
  const cand = GRID.map((p) => candidate.getValueAtPercentile(p));
  let d = 0;
  for (const value of [...base, ...cand]) d = Math.max(d, cdfAt(base, value) - cdfAt(cand, value));
  const effective = (n * m) / (n + m);
  return { d, pValue: Math.min(1, Math.exp(-2 * effective * d * d)) };
}

/** The standard normal's upper tail, P(Z > z) (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function upperTail(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** One-sided two-proportion z-test that the candidate's failure rate is higher than the baseline's. */
export function moreFailuresTest(
  baseline: { failed: number; requests: number },
  candidate: { failed: number; requests: number },
): number {
  if (baseline.requests === 0 || candidate.requests === 0) return 1;
  const pooled = (baseline.failed + candidate.failed) / (baseline.requests + candidate.requests);
  if (pooled === 0) return 1;
  if (pooled === 1) return 1;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.requests + 1 / candidate.requests));
  const z = (candidate.failed / candidate.requests - baseline.failed / baseline.requests) / se;
  return upperTail(z);
}
