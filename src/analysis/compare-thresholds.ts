/**
 * What counts as a regression; a change must also be significant (p < `significance`) to count. The same keys as
 * the scenario's `compare:` block and, in kebab case, the flags of `rollbench compare`.
 */
export interface CompareThresholds {
  /** More failed requests than the baseline allowed in the judged window (default 0). */
  maxFailedRequestsIncrease: number;
  /** Largest rise of the error rate, as a fraction of the requests judged (0.001 = 0.1 points); unset: not checked. */
  maxErrorRateIncrease?: number;
  /** Largest rise of the p99 of successful requests, % of the baseline's (default 10). */
  p99IncreasePercent: number;
  /** Significance level of the tests (default 0.01). */
  significance: number;
}

export const DEFAULT_THRESHOLDS: CompareThresholds = {
  maxFailedRequestsIncrease: 0,
  p99IncreasePercent: 10,
  significance: 0.01,
};

const THRESHOLD_KEYS = [
  'maxFailedRequestsIncrease',
  'maxErrorRateIncrease',
  'p99IncreasePercent',
  'significance',
] as const satisfies ReadonlyArray<keyof CompareThresholds>;

/** The thresholds a scenario's `compare:` block set (as recorded in `scenario.asRun`, parsed), or none. */
export function scenarioThresholds(asRun: unknown): Partial<CompareThresholds> {
  const block = (asRun as { compare?: unknown } | null | undefined)?.compare;
  if (typeof block !== 'object' || block === null) return {};
  const set: Partial<CompareThresholds> = {};
  for (const key of THRESHOLD_KEYS) {
    const value = (block as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) set[key] = value;
  }
  return set;
}

/** Defaults, then what the scenario set, then what was given on the command line (later wins). */
export function resolveThresholds(...layers: ReadonlyArray<Partial<CompareThresholds>>): CompareThresholds {
  const resolved: CompareThresholds = { ...DEFAULT_THRESHOLDS };
  for (const layer of layers) {
    for (const key of THRESHOLD_KEYS) {
      const value = layer[key];
      if (value !== undefined) resolved[key] = value;
    }
  }
  return resolved;
}
