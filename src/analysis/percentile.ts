/**
 * The p-th percentile (0–100) of ascending `sorted` values by nearest rank: the smallest value with at least p % of
 * the values at or below it (rank ⌈p/100 × n⌉). One definition for every percentile rollbench reports — it is
 * the one the HDR latency histograms use (`getValueAtPercentile`) and the VPA recommender's histograms, and always
 * a value that was measured. NaN for no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  max: number;
}

/** The percentiles resource figures are read at (usage, capacity steps, recommendations), by nearest rank. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
