import { stringify } from 'yaml';
import type { RunAnalysis } from '../analysis/recommend/index.js';
import { kubectlPatch } from '../platform/kubernetes/kubectl-patch.js';
import { causeText } from './causes.js';
import { formatCount, formatSeconds } from './format.js';
import { renderResources, renderResourcesBrief } from './resources-console.js';
import { drainLagSection } from './summary-rows.js';
import { plainTable } from './table.js';
import { MAX_LINE_COLUMNS, wrapWords } from './verdict-console.js';

export interface AnalysisRenderOptions {
  /** Every table, formula and patch; the default is what fits a screen (`rollbench recommend` prints it all). */
  verbose?: boolean;
}

const at = (ms: number): string => formatSeconds(ms, 2);
const POD_COLUMN_WIDTH = 32;

/** Why requests failed, how long traffic kept reaching terminating pods, and what to set. */
export function renderAnalysis(analysis: RunAnalysis, { verbose = false }: AnalysisRenderOptions = {}): string {
  const lines = [...causeLines(analysis), ...drainLagLines(analysis, verbose), ...terminationLines(analysis, verbose)];
  const body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  if (!analysis.resources) return body;
  return body + (verbose ? renderResources(analysis.resources) : renderResourcesBrief(analysis.resources));
}

function causeLines({ attribution }: RunAnalysis): string[] {
  if (attribution.failed === 0) return [];
  // Pod lists wrap inside their column, so the table stays within 120 columns however many pods failed.
  const table = plainTable(['cause', 'failed', 'window', 'pods', 'during'], ['left', 'right', 'left', 'left', 'left'], {
    colWidths: [22, 9, 17, 44, 16],
    wordWrap: true,
  });
  for (const group of attribution.causes) {
    table.push([
      group.cause,
      formatCount(group.count),
      `${at(group.fromMs)} – ${at(group.toMs)}`,
      group.pods.join(', '),
      group.action ?? '',
    ]);
  }
  // A group may carry its own reason (no platform events at all, say), which explains it better than the cause's.
  const legend = [
    ...new Set(
      attribution.causes.map((group) => `  ${group.cause}: ${group.reason ?? causeText[group.cause].description}`),
    ),
  ];
  return ['Why requests failed:', table.toString(), ...legend];
}

function drainLagLines(analysis: RunAnalysis, verbose: boolean): string[] {
  const drain = drainLagSection(analysis);
  if (drain === undefined) return [];
  const { pods } = analysis.drainLag;
  const inferred = pods.filter((pod) => pod.source === 'failure-window').length;
  const lines = [
    `Drain lag (termination start → last request that reached the pod), ${pods.length} pods: ${drain.figures}` +
      (inferred > 0 ? ` (${inferred} inferred from the end of the failure window: no pod header)` : ''),
    ...(drain.slice ? wrapWords(drain.slice, MAX_LINE_COLUMNS) : []),
  ];
  if (!verbose) return lines;
  const { header, numeric, rows } = drain.table;
  // The pod column wraps long names, so the table stays within 120 columns with the EndpointSlice columns too.
  const table = plainTable(
    header,
    numeric.map((right) => (right ? 'right' : 'left')),
    { colWidths: [POD_COLUMN_WIDTH], wordWrap: true, wrapOnWordBoundary: false },
  );
  table.push(...rows);
  return [...lines, table.toString()];
}

function terminationLines({ termination, patches }: RunAnalysis, verbose: boolean): string[] {
  if (!termination) return [];
  const { preStop, terminationGracePeriod: grace, current } = termination;
  if (!verbose) {
    return [
      'Recommendation (formulas and ready-to-apply patches: --verbose, or `rollbench recommend <result.json>`):',
      `  lifecycle.preStop.sleep.seconds: ${preStop.seconds} (now ${current.preStopSeconds})`,
      `  terminationGracePeriodSeconds: ≥ ${grace.seconds} (now ${current.terminationGracePeriodSeconds})`,
    ];
  }
  return [
    'Recommendation:',
    `  lifecycle.preStop.sleep.seconds: ${preStop.seconds} (now ${current.preStopSeconds})`,
    `    = ${preStop.formula}`,
    `    with ${inputs(preStop.inputs)}`,
    `  terminationGracePeriodSeconds: ≥ ${grace.seconds} (now ${current.terminationGracePeriodSeconds})`,
    `    = ${grace.formula}`,
    `    with ${inputs(grace.inputs)}`,
    'Deployment patch (strategic merge, Kubernetes ≥ 1.30):',
    indent(stringify(patches?.deploymentSleep)),
    // Two lines: a long Deployment name and namespace must not push it past 120 columns.
    `  apply: ${kubectlPatch(patches?.deployment)} --patch-file <file>`,
    '    (<file> from `rollbench recommend --patch-out <file>`)',
    'For clusters before 1.30 (needs a `sleep` binary in the image):',
    indent(stringify(patches?.deploymentExec)),
    'For this scenario file:',
    indent(stringify(patches?.scenario)),
  ];
}

const inputs = (values: Record<string, number>): string =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
