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
