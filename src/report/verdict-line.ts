import type { ReportDocument } from './document.js';
import { formatCount, formatPercent } from './format.js';
import { headline } from './verdict-console.js';

/** The verdict in one line, as the file reports open with it. */
export interface VerdictLine {
  passed: boolean;
  text: string;
  /** Failed requests in the whole run (warmup included) or in every step (capacity): result.json's count. */
  failed: number;
  /** What `failed` counts, for people. */
  failedOf: string;
}

export function verdictLine(doc: ReportDocument): VerdictLine {
  if (doc.kind === 'run') {
    const { result, analysis } = doc;
    return {
      passed: result.verdict.passed && result.incomplete === undefined,
      text: headline(result, analysis).join(' — '),
      failed: result.summary.failed,
      failedOf: 'in the run',
    };
  }
  if (doc.kind === 'load') {
    const { settings, summary } = doc.result;
    const rate = settings.model === 'open' ? `${formatCount(settings.rps ?? 0)} rps` : 'the closed model';
    return {
      // No SLO was stated: any failed request is the finding.
      passed: summary.failed === 0,
      text:
        `${summary.failed === 0 ? 'NO FAILURES' : 'FAILURES'}: ${formatCount(summary.failed)} of ` +
        `${formatCount(summary.requests)} requests failed (${formatPercent(summary.failed, summary.requests)}) ` +
        `at ${rate} to ${settings.url}`,
      failed: summary.failed,
      failedOf: 'in the load',
    };
  }
  const { result } = doc;
  const failed = result.steps.reduce((sum, step) => sum + step.load.summary.failed, 0);
  const sizing = result.sizing
    ? ` — ${result.sizing.replicas} replicas for ${formatCount(result.sizing.targetRps)} rps`
    : '';
  const failedOf = 'across all steps';
  if (result.maxPassingRps === undefined) {
    return { passed: false, text: 'FAIL: no step met the SLO', failed, failedOf };
  }
  return {
    passed: true,
    text: `PASS: up to ${formatCount(result.maxPassingRps)} rps met the SLO on ${result.replicas} replicas${sizing}`,
    failed,
    failedOf,
  };
}
