import { type ReportDocument, reportTitle } from './document.js';
import { formatCount } from './format.js';
import { recommendationBlocks } from './recommendation-blocks.js';
import {
  capacityTable,
  causeTable,
  drainLagSection,
  outcomeTable,
  phaseTable,
  type TextTable,
} from './summary-rows.js';
import { verdictLine } from './verdict-line.js';

// GitHub renders some HTML inside Markdown and Markdown inside table cells: a pod name or an error message from
// the target must not become markup, a link or a column break.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|&#!~]/g;

/** Text from the result as literal Markdown text (one line). */
export function markdownText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(MARKDOWN_SPECIAL, (char) => {
    if (char === '<') return '&lt;';
    if (char === '>') return '&gt;';
    if (char === '&') return '&amp;';
    return `\\${char}`;
  });
}

export function markdownTable(table: TextTable): string {
  const row = (cells: readonly string[]) => `| ${cells.map(markdownText).join(' | ')} |`;
  const rule = `|${table.numeric.map((numeric) => (numeric ? ' --: ' : ' --- ')).join('|')}|`;
  return [row(table.header), rule, ...table.rows.map(row)].join('\n');
}

/** A YAML block fenced so that no line of it can close the fence early. */
function yamlBlock(yaml: string): string {
  const longestRun = Math.max(2, ...[...yaml.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}yaml\n${yaml.trimEnd()}\n${fence}`;
}

/**
 * The summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict line, a table of the phases
 * (or capacity steps), failures by cause, drain lag, and the recommendations as YAML. Pure.
 */
export function renderMarkdown(doc: ReportDocument): string {
  const verdict = verdictLine(doc);
  const sections = [
    `## rollbench: ${markdownText(reportTitle(doc))}`,
    `${verdict.passed ? '✅' : '❌'} **${markdownText(verdict.text)}**`,
  ];
  if (doc.kind === 'run') {
    const { result, analysis } = doc;
    const { judged } = result.verdict;
    sections.push(
      `Judged from ${(judged.fromMs / 1000).toFixed(1)} s to the end: ${formatCount(judged.requests)} requests, ` +
        `${formatCount(judged.failed)} failed, on ${markdownText(result.platform.description)}.`,
      '### Phases',
      markdownTable(phaseTable(doc.phases)),
    );
    if (analysis.attribution.causes.length > 0) {
      sections.push('### Failures by cause', markdownTable(causeTable(analysis)));
    }
    const drain = drainLagSection(analysis);
    if (drain) {
      sections.push(
        `### Drain lag: ${drain.figures}`,
        ...(drain.slice ? [markdownText(drain.slice)] : []),
        markdownTable(drain.table),
      );
    }
  } else if (doc.kind === 'load') {
    sections.push('### Outcomes', markdownTable(outcomeTable(doc.result.summary)));
  } else {
    sections.push('### Steps', markdownTable(capacityTable(doc.result)));
    if ('unavailable' in doc.analysis) sections.push(markdownText(doc.analysis.unavailable));
  }
  const blocks = recommendationBlocks(doc);
  if (blocks.length > 0) {
    sections.push('### Recommendations');
    for (const block of blocks) {
      sections.push(`**${markdownText(block.title)}** — ${markdownText(block.note)}`, yamlBlock(block.yaml));
    }
  }
  return `${sections.join('\n\n')}\n`;
}
