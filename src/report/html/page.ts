import { createHash } from 'node:crypto';
import type { ReportDocument } from '../document.js';
import { formatCount } from '../format.js';
import type { ReportAssets } from '../index.js';
import { recommendationBlocks } from '../recommendation-blocks.js';
import { capacityTable, causeTable, drainLagTable, phaseTable } from '../summary-rows.js';
import { verdictLine } from '../verdict-line.js';
import { type ChartData, capacityChartData, type Marker, runChartData } from './chart-data.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { htmlTable, markerList, recommendationList, scenarioAsRun, section } from './sections.js';
import { REPORT_CSS } from './styles.js';
import { renderSwimlane } from './swimlane.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Nothing may be fetched (the page must work offline and leak nothing), and only the page's own two scripts may
 * run: markup that escaping somehow let through (an `onerror=` attribute, say) would still not execute.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The colours the page's script draws event markers in (client-script.ts, MARKER_COLOURS). */
const MARKER_KEY: Array<[Marker['kind'][], string, string]> = [
  [['action-started', 'action-finished'], '#4e79a7', 'disruption started / finished'],
  [['pod-terminating'], '#e0a526', 'pod terminating'],
  [['endpoint-removed'], '#9467bd', 'endpoint removed'],
  [['node-cordoned'], '#8c564b', 'node cordoned'],
  [['eviction-refused'], '#d62728', 'eviction refused'],
];

/** The key to the markers a chart shows, only the kinds it has. */
function markerKey(markers: readonly Marker[]): string {
  const kinds = new Set(markers.map((marker) => marker.kind));
  const shown = MARKER_KEY.filter(([types]) => types.some((type) => kinds.has(type)));
  return shown.length === 0 ? '' : swatchList(shown.map(([, colour, text]) => [colour, text]));
}

function swatchList(items: Array<[string, string]>): string {
  return `<ul class="key">${items.map(([colour, text]) => `<li style="--swatch: ${colour}">${text}</li>`).join('')}</ul>`;
}

const swatches = (items: Array<[string, string]>): string =>
  swatchList(items.map(([name, text]) => [`var(${name})`, text]));

function runSections(doc: Extract<ReportDocument, { kind: 'run' }>, data: ChartData): string[] {
  const { result, analysis } = doc;
  const markers = data.kind === 'run' ? data.markers : [];
  const sections = [
    section(
      'traffic',
      'Requests per second by outcome',
      '<div class="chart" id="chart-rate"></div>' +
        `<p class="muted">Stacked per bucket of ${result.settings.bucketMs} ms.${markers.length > 0 ? ' Dashed lines mark events:' : ''}</p>` +
        markerKey(markers) +
        markerList(markers),
    ),
    section('latency', 'Latency of successful requests', '<div class="chart" id="chart-latency"></div>'),
  ];
  const lanes = renderSwimlane(result);
  if (lanes) {
    sections.push(
      section(
        'pods',
        'Pods',
        lanes +
          swatches([
            ['--starting', 'starting'],
            ['--serving', 'ready, serving'],
            ['--terminating', 'terminating'],
            ['--fg', 'exited'],
            ['--failed', 'requests that failed on this pod (from the first to the last)'],
          ]),
      ),
    );
  }
  const failures = [
    analysis.attribution.causes.length > 0 ? htmlTable(causeTable(analysis), 'By cause') : '<p>No request failed.</p>',
  ];
  if (analysis.drainLag.pods.length > 0) {
    failures.push(
      htmlTable(
        drainLagTable(analysis),
        `Drain lag per pod (p50 ${Math.round(analysis.drainLag.p50Ms)} ms, max ${Math.round(analysis.drainLag.maxMs)} ms)`,
      ),
    );
  }
  sections.push(
    section('failures', 'Why requests failed', failures.join('')),
    section('phases', 'Phases', htmlTable(phaseTable(doc.phases))),
  );
  if (data.kind === 'run' && data.cpu) {
    sections.push(
      section(
        'resources',
        'CPU and memory per pod',
        '<div class="chart" id="chart-cpu"></div><div class="chart" id="chart-memory"></div>' +
          '<p class="muted">Dashed: the recommended requests and limits.</p>',
      ),
    );
  }
  return sections;
}

function capacitySections(doc: Extract<ReportDocument, { kind: 'capacity' }>): string[] {
  const unavailable = 'unavailable' in doc.analysis ? `<p>${escapeHtml(doc.analysis.unavailable)}</p>` : '';
  return [
    section(
      'steps',
      'Rate steps',
      `<div class="chart" id="chart-capacity"></div>${htmlTable(capacityTable(doc.result))}${unavailable}`,
    ),
  ];
}

/**
 * The report as one self-contained HTML page: the verdict in one line, then charts (uPlot, inlined), the pods'
 * swim lanes, failures by cause, resources, copy-ready recommendations and the scenario as run. Every string from
 * the result is escaped; chart data goes in as JSON. Pure: the chart library comes in as `assets`.
 */
export function renderHtml(doc: ReportDocument, assets: ReportAssets | undefined): string {
  if (!assets) throw new Error('the HTML report needs the chart library (uPlot) passed in as assets');
  const verdict = verdictLine(doc);
  const { result } = doc;
  const data = doc.kind === 'run' ? runChartData(doc.result, doc.analysis) : capacityChartData(doc.result);
  const blocks = recommendationBlocks(doc);
  const body = [
    `<h1>rollbench · ${escapeHtml(result.scenario.name)} · ${escapeHtml(result.startedAt)}</h1>`,
    `<header class="verdict ${verdict.passed ? 'pass' : 'fail'}" id="verdict"><p class="line">${escapeHtml(verdict.text)}</p>` +
      `<p class="meta"><span id="failed-count">${formatCount(verdict.failed)}</span> failed requests ${verdict.failedOf} · ` +
      `${escapeHtml(result.platform.description)} · rollbench ${escapeHtml(result.tool.version)}</p></header>`,
    ...(doc.kind === 'run' ? runSections(doc, data) : capacitySections(doc)),
    blocks.length > 0 ? section('recommendations', 'Recommendations', recommendationList(blocks)) : '',
    section('scenario', 'Scenario as run', scenarioAsRun(result.scenario.asRun)),
  ];
  const scripts = [assets.uplotJs, CLIENT_SCRIPT];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">`,
    `<title>${escapeHtml(`${verdict.passed ? 'PASS' : 'FAIL'} · ${result.scenario.name} · rollbench`)}</title>`,
    `<style>${assets.uplotCss}</style><style>${REPORT_CSS}</style>`,
    '</head><body>',
    ...body,
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body></html>',
    '',
  ].join('\n');
}
