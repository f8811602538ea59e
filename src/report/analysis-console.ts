import { stringify } from 'yaml';
import type { RunAnalysis } from '../analysis/recommend/index.js';
import { formatCount, formatSeconds } from './format.js';
import { renderResources } from './resources-console.js';
import { plainTable } from './table.js';

/** What each failure cause means, for people. */
const causeDescriptions: Record<string, string> = {
  'routed-after-exit': 'routed to a pod after it had exited (its endpoint removal had not propagated yet)',
  'routed-after-sigterm': 'routed to a pod after it got SIGTERM, while it was shutting down',
  'routed-before-ready': 'routed to a pod that was not ready yet',
  'pod-error': 'the pod answered with an error while it was serving',
  'reset-on-exit': 'connection reset or closed when a pod exited with connections open',
  'no-endpoints': 'no ready endpoint at all (the proxy answered 503)',
  unexplained: 'no event explains it',
};

const at = (ms: number): string => formatSeconds(ms, 2);

/** Why requests failed, how long traffic kept reaching terminating pods, and what to set. */
export function renderAnalysis(analysis: RunAnalysis): string {
  const lines: string[] = [];
  const { attribution, drainLag, termination } = analysis;
  if (attribution.failed > 0) {
    const table = plainTable(
      ['cause', 'failed', 'window', 'pods', 'during'],
      ['left', 'right', 'left', 'left', 'left'],
    );
    for (const group of attribution.causes) {
      table.push([
        `${group.cause}\n${group.reason ?? causeDescriptions[group.cause]}`,
        formatCount(group.count),
        `${at(group.fromMs)} – ${at(group.toMs)}`,
        group.pods.join('\n'),
        group.action ?? '',
      ]);
    }
    lines.push('Why requests failed:', table.toString());
  }
  if (drainLag.pods.length > 0) {
    const table = plainTable(
      ['pod', 'terminating at', 'last request at', 'drain lag', 'measured from'],
      ['left', 'right', 'right', 'right', 'left'],
    );
    for (const pod of drainLag.pods) {
      table.push([
        pod.pod,
        at(pod.terminatingAtMs),
        at(pod.lastRequestAtMs),
        `${Math.round(pod.lagMs)} ms`,
        pod.source,
      ]);
    }
    lines.push(
      `Drain lag (termination start → last request that reached the pod): p50 ${Math.round(drainLag.p50Ms)} ms, max ${Math.round(drainLag.maxMs)} ms`,
      table.toString(),
    );
    if (drainLag.pods.some((pod) => pod.source === 'failure-window')) {
      lines.push('(no pod header for some pods: their lag is inferred from the end of the failure window)');
    }
  }
  if (termination) {
    const { preStop, terminationGracePeriod: grace, current } = termination;
    const inputs = (values: Record<string, number>) =>
      Object.entries(values)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ');
    lines.push(
      'Recommendation:',
      `  lifecycle.preStop.sleep.seconds: ${preStop.seconds} (now ${current.preStopSeconds}) = ${preStop.formula}; ${inputs(preStop.inputs)}`,
      `  terminationGracePeriodSeconds: ≥ ${grace.seconds} (now ${current.terminationGracePeriodSeconds}) = ${grace.formula}; ${inputs(grace.inputs)}`,
      'Deployment patch (Kubernetes ≥ 1.30; `kubectl patch deployment <name> --patch-file <file>`, rename the container):',
      indent(stringify(analysis.patches?.deploymentSleep)),
      'For clusters before 1.30 (needs a `sleep` binary in the image):',
      indent(stringify(analysis.patches?.deploymentExec)),
      'For this scenario file:',
      indent(stringify(analysis.patches?.scenario)),
    );
  }
  const body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  return analysis.resources ? body + renderResources(analysis.resources) : body;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
