import type { CompareDocument, RunLabel } from './compare-document.js';
import { compareHeadline, compareOutcomeTable, compareWindowTable, thresholdsLine } from './compare-rows.js';
import { markdownTable, markdownText } from './markdown.js';

const describe = (label: RunLabel): string =>
  `\`${markdownText(label.file)}\` (${markdownText(label.scenario)}, ${markdownText(label.startedAt)})`;

/**
 * A comparison for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the one-line verdict, the windows side by
 * side, the judged window's outcomes and the thresholds. Pure.
 */
export function renderCompareMarkdown(doc: CompareDocument): string {
  const { comparison } = doc;
  const regressed = comparison.regressions.length > 0;
  return `${[
    `## rollbench compare: ${markdownText(doc.candidate.scenario)}`,
    `${regressed ? '❌' : '✅'} **${markdownText(compareHeadline(comparison))}**`,
    `Baseline ${describe(doc.baseline)} → candidate ${describe(doc.candidate)}.`,
    '### Windows',
    'Latency of successful requests; p: one-sided tests that the candidate fails more (two proportions) or is ' +
      'slower (Kolmogorov–Smirnov on the merged histograms).',
    markdownTable(compareWindowTable(comparison)),
    '### Outcomes in the judged window',
    markdownTable(compareOutcomeTable(comparison)),
    markdownText(thresholdsLine(comparison)),
  ].join('\n\n')}\n`;
}
