import type { LoadVerdict } from '../analysis/load-verdict.js';
import { formatCount, formatPercent } from './format.js';
import { formatCheck } from './verdict-console.js';

/** `maxErrorRate` → `--max-error-rate`: `load` takes each SLO key as a flag. */
const flagOf = (name: string): string => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/**
 * The end of `rollbench load`'s summary: each threshold with what was measured, then pass or fail and which. Nothing
 * when no threshold was given and some request succeeded.
 */
export function renderLoadVerdict(verdict: LoadVerdict): string {
  const { judged, checks } = verdict;
  const failedText = `${formatCount(judged.failed)} of ${formatCount(judged.requests)} requests failed`;
  if (verdict.nothingSucceeded) {
    return (
      `FAIL: no request succeeded (${failedText}).\n` +
      '  With no threshold given, a load in which nothing succeeds fails; --max-error-rate 100% accepts it.\n'
    );
  }
  if (checks.length === 0) return '';
  const failed = checks.filter((check) => !check.passed).map((check) => flagOf(check.name));
  const lines = [
    `Thresholds on the whole load (${failedText}, ${formatPercent(judged.failed, judged.requests)}):`,
    ...checks.map((check) => `  ${formatCheck(check, flagOf(check.name))}`),
    failed.length === 0 ? 'PASS: every threshold held.' : `FAIL: ${failed.join(', ')} not met.`,
  ];
  return `${lines.join('\n')}\n`;
}
