import type { AttributedFailures } from '../analysis/attribution.js';
import type { RunAnalysis } from '../analysis/recommend/index.js';
import type { RunResult, SloCheck, SloName } from '../core/run-result.js';
import { causeText, TERMINATION_CAUSES } from './causes.js';
import { formatCount, formatMs, formatPercent, formatSeconds } from './format.js';

/** The widest line the verdict's last line may take before its advice moves to a line of its own. */
export const MAX_LINE_COLUMNS = 120;

/** A limit or a measure of an SLO check in the user's units: a rate as a percentage, a latency in ms, a count. */
export function formatSloValue(name: SloName, amount: number): string {
  if (name === 'maxErrorRate') return formatPercent(amount, 1);
  if (name === 'maxP99') return `${formatMs(amount)} ms`;
  return formatCount(amount);
}

/** A check in the user's units, under `label` (default: its scenario key; `load` shows its flag). */
export function formatCheck(check: SloCheck, label: string = check.name): string {
  const measured =
    check.measured === null ? 'no successful request to measure' : formatSloValue(check.name, check.measured);
  return `${check.passed ? '✓' : '✗'} ${label}: ${measured} (limit ${formatSloValue(check.name, check.limit)})`;
}

/**
 * The verdict, printed last: the checks on the judged window, then the one line that matters — pass or fail,
 * what failed, why (the largest cause), and what to set.
 */
export function renderVerdict(result: RunResult, analysis: RunAnalysis): string {
  const { verdict } = result;
  // The run ended before any load: there is nothing to judge, only why.
  if (verdict.judged.requests === 0 && result.incomplete !== undefined) {
    return `${wrapWords(headline(result, analysis).join(' '), MAX_LINE_COLUMNS).join('\n')}\n`;
  }
  const lines = [
    `Verdict on the judged window ${formatSeconds(verdict.judged.fromMs)} – end (${formatCount(verdict.judged.requests)} requests, ` +
      `${formatCount(verdict.judged.failed)} failed, ${formatPercent(verdict.judged.failed, verdict.judged.requests)}):`,
    ...verdict.checks.map((check) => `  ${formatCheck(check)}`),
    ...fitWithin(headline(result, analysis), MAX_LINE_COLUMNS),
  ];
  return `${lines.join('\n')}\n`;
}

/** The verdict's last line, as parts: the verdict, then why, then what to do. */
export function headline(result: RunResult, analysis: RunAnalysis): string[] {
  const { judged, checks, passed } = result.verdict;
  if (result.incomplete !== undefined) {
    return [`FAIL: the run did not complete (${result.incomplete}), so it cannot show that the SLO holds.`];
  }
  const failedText = `${formatCount(judged.failed)} of ${formatCount(judged.requests)} requests failed`;
  if (passed) return [`PASS: the SLO held; ${failedText}.`];
  const failedChecks = checks.filter((check) => !check.passed);
  const parts = [`FAIL (${failedChecks.map((check) => check.name).join(', ')}): ${failedText}`];
  const main = largestCause(analysis.attribution.causes);
  if (main) {
    const share = main.count === analysis.attribution.failed ? 'all' : formatCount(main.count);
    parts.push(`${share} ${causeText[main.cause].phrase}${main.action ? ` during ${main.action}` : ''}`);
    const advice = adviceFor(main, analysis);
    if (advice) parts.push(advice);
  } else if (failedChecks.some((check) => check.name === 'maxP99')) {
    parts.push('successful requests were too slow');
  }
  return parts;
}

function largestCause(causes: readonly AttributedFailures[]): AttributedFailures | undefined {
  return causes.reduce<AttributedFailures | undefined>(
    (largest, group) => (largest === undefined || group.count > largest.count ? group : largest),
    undefined,
  );
}

function adviceFor(main: AttributedFailures, { termination }: RunAnalysis): string | undefined {
  if (TERMINATION_CAUSES.has(main.cause)) {
    if (!termination || termination.preStop.seconds <= termination.current.preStopSeconds) return undefined;
    // --verify applies it (on a cluster: patches the Deployment, then puts it back) and runs again.
    return (
      `set lifecycle.preStop.sleep.seconds: ${termination.preStop.seconds}` +
      ` (terminationGracePeriodSeconds ≥ ${termination.terminationGracePeriod.seconds}); prove it with --verify`
    );
  }
  switch (main.cause) {
    case 'routed-before-ready':
      return 'give the pods a readiness probe that fails until they can serve';
    case 'no-endpoints':
      return 'keep ready replicas through the change (maxUnavailable: 0, a PodDisruptionBudget)';
    case 'pod-error':
      return 'the app itself answered errors: see the pod logs';
    default:
      return undefined;
  }
}

/** Breaks a long sentence at spaces into lines of at most `columns` (a longer word stands alone), indented after the first. */
export function wrapWords(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= columns) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(last === undefined ? word : `  ${word}`);
  }
  return lines;
}

/**
 * Joins parts with " — " on one line while they fit in `columns`; what does not fit goes on the next line, broken
 * at spaces when it is longer than a line itself.
 */
export function fitWithin(parts: readonly string[], columns: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 3 + part.length <= columns) lines[lines.length - 1] = `${last} — ${part}`;
    else if (last === undefined) lines.push(part);
    else {
      const [first = '', ...rest] = wrapWords(part, columns - 4);
      lines.push(`  → ${first}`, ...rest.map((line) => `  ${line}`));
    }
  }
  return lines;
}
