import { usageError } from '../../core/errors.js';
import type { LoadResult } from '../../core/result.js';
import type { ReportAssets } from '../assets.js';
import { type ReportDocument, reportTitle } from '../document.js';
import { formatCount } from '../format.js';
import { recommendationBlocks } from '../recommendation-blocks.js';
import { capacityTable, causeTable, drainLagSection, outcomeTable, phaseTable } from '../summary-rows.js';
import { verdictLine } from '../verdict-line.js';
import { type ChartData, capacityChartData, type Marker, runChartData } from './chart-data.js';
import { escapeHtml } from './escape.js';
import { asRunYaml, htmlTable, markerList, recommendationList, section } from './sections.js';
import { htmlShell } from './shell.js';
import { renderSwimlane } from './swimlane.js';

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

/** Requests per outcome and latency over time, with the events marked. */
function trafficSections(bucketMs: number, markers: readonly Marker[]): string[] {
  return [
    section(
      'traffic',
      'Requests per second by outcome',
      '<div class="chart" id="chart-rate"></div>' +
        `<p class="muted">Stacked per bucket of ${bucketMs} ms; drag across a chart to zoom, double-click to zoom out.${markers.length > 0 ? ' Dashed lines mark events:' : ''}</p>` +
        markerKey(markers) +
        markerList(markers),
    ),
    section(
      'latency',
      'Latency by outcome',
      '<div class="chart" id="chart-latency"></div>' +
        '<p class="muted">Per bucket, in each outcome’s colour: p99 solid, p50 dotted, max dashed (log scale); ' +
        'click a legend entry to hide it.</p>',
    ),
  ];
}

function runSections(doc: Extract<ReportDocument, { kind: 'run' }>, data: ChartData): string[] {
  const { result, analysis } = doc;
  const sections = trafficSections(result.settings.bucketMs, data.kind === 'run' ? data.markers : []);
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
  const drain = drainLagSection(analysis);
  if (drain) {
    failures.push(htmlTable(drain.table, `Drain lag per pod (${drain.figures})`));
    if (drain.slice) failures.push(`<p>${escapeHtml(drain.slice)}</p>`);
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

function chartData(doc: ReportDocument): ChartData {
  if (doc.kind === 'capacity') return capacityChartData(doc.result);
  return doc.kind === 'run' ? runChartData(doc.result, doc.analysis) : runChartData(doc.result);
}

function sectionsOf(doc: ReportDocument, data: ChartData): string[] {
  if (doc.kind === 'run') return runSections(doc, data);
  if (doc.kind === 'capacity') return capacitySections(doc);
  return [
    ...trafficSections(doc.result.settings.bucketMs, []),
    section('outcomes', 'Outcomes', htmlTable(outcomeTable(doc.result.summary))),
  ];
}

/** A load's own description, where a run names its platform. */
function loadDescription({ settings, summary }: LoadResult): string {
  const model = settings.model === 'open' ? `open model at ${formatCount(settings.rps ?? 0)} rps` : 'closed model';
  return `${settings.method} ${settings.url}, ${model}, ${Math.round(summary.durationMs / 1000)} s`;
}

/**
 * The report as one self-contained HTML page: the verdict in one line, then charts (uPlot, inlined), the pods'
 * swim lanes, failures by cause, resources, copy-ready recommendations and the scenario as run. Every string from
 * the result is escaped; chart data goes in as JSON. Pure: the chart library comes in as `assets`.
 */
export function renderHtml(doc: ReportDocument, assets: ReportAssets | undefined): string {
  if (!assets) throw usageError('the HTML report needs the chart library (uPlot) passed in as assets');
  const verdict = verdictLine(doc);
  const { result } = doc;
  const data = chartData(doc);
  const blocks = recommendationBlocks(doc);
  const body = [
    `<h1>rollbench · ${escapeHtml(reportTitle(doc))} · ${escapeHtml(result.startedAt)}</h1>`,
    `<header class="verdict ${verdict.passed ? 'pass' : 'fail'}" id="verdict"><p class="line">${escapeHtml(verdict.text)}</p>` +
      `<p class="meta"><span id="failed-count">${formatCount(verdict.failed)}</span> failed requests ${verdict.failedOf} · ` +
      `${escapeHtml(doc.kind === 'load' ? loadDescription(doc.result) : doc.result.platform.description)} · ` +
      `rollbench ${escapeHtml(result.tool.version)}</p></header>`,
    ...sectionsOf(doc, data),
    blocks.length > 0 ? section('recommendations', 'Recommendations', recommendationList(blocks)) : '',
    doc.kind === 'load'
      ? section('scenario', 'Load settings', asRunYaml(doc.result.settings, 'settings'))
      : section('scenario', 'Scenario as run', asRunYaml(doc.result.scenario.asRun, 'scenario')),
  ];
  return htmlShell(`${verdict.text.split(':')[0]} · ${reportTitle(doc)} · rollbench`, body, data, assets);
}
