import { usageError } from '../../core/errors.js';
import type { ReportAssets } from '../assets.js';
import type { CompareDocument, RunLabel } from '../compare-document.js';
import { compareHeadline, compareOutcomeTable, compareWindowTable, thresholdsLine } from '../compare-rows.js';
import { escapeHtml } from './escape.js';
import { htmlTable, section } from './sections.js';
import { htmlShell } from './shell.js';

/** What the page's script draws for a comparison: latency of successes at each percentile, both runs. */
export interface CompareChartData {
  kind: 'compare';
  /** The percentiles, as the axis labels them (`99.9`); x is their index. */
  percentiles: string[];
  baselineMs: Array<number | null>;
  candidateMs: Array<number | null>;
}

const describe = (role: string, label: RunLabel): string =>
  `<dt>${role}</dt><dd><code>${escapeHtml(label.file)}</code> · ${escapeHtml(label.scenario)} · ${escapeHtml(label.startedAt)}</dd>`;

/**
 * A comparison as one self-contained HTML page, like report.html: the verdict line, the two runs, the windows side
 * by side, the judged window's outcomes, and the latency of successes by percentile drawn for both. Pure.
 */
export function renderCompareHtml(doc: CompareDocument, assets: ReportAssets | undefined): string {
  if (!assets) throw usageError('the HTML comparison needs the chart library (uPlot) passed in as assets');
  const { comparison } = doc;
  const regressed = comparison.regressions.length > 0;
  const headline = compareHeadline(comparison);
  const curve = comparison.latencyCurve;
  const data: CompareChartData = {
    kind: 'compare',
    percentiles: curve.percentiles.map(String),
    baselineMs: curve.baselineMs,
    candidateMs: curve.candidateMs,
  };
  const body = [
    `<h1>rollbench compare · ${escapeHtml(doc.candidate.scenario)}</h1>`,
    `<header class="verdict ${regressed ? 'fail' : 'pass'}" id="verdict"><p class="line">${escapeHtml(headline)}</p>` +
      `<p class="meta"><span id="regression-count">${comparison.regressions.length}</span> ` +
      `${comparison.regressions.length === 1 ? 'regression' : 'regressions'} · ` +
      `${escapeHtml(thresholdsLine(comparison))}</p></header>`,
    `<dl class="runs">${describe('baseline', doc.baseline)}${describe('candidate', doc.candidate)}</dl>`,
    section(
      'latency',
      'Latency of successful requests by percentile (judged window)',
      '<div class="chart" id="chart-compare"></div>',
    ),
    section(
      'windows',
      'Windows, baseline → candidate',
      htmlTable(compareWindowTable(comparison)) +
        '<p class="muted">Latency of successful requests; p: one-sided tests that the candidate fails more (two ' +
        'proportions) or is slower (Kolmogorov–Smirnov on the histograms merged per window).</p>',
    ),
    section('outcomes', 'Outcomes in the judged window', htmlTable(compareOutcomeTable(comparison))),
  ];
  return htmlShell(
    `${regressed ? 'REGRESSION' : 'NO REGRESSION'} · ${doc.candidate.scenario} · rollbench compare`,
    body,
    data,
    assets,
  );
}
