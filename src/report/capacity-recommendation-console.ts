import type { CapacityAnalysis } from '../analysis/recommend/capacity.js';
import { formatCount } from './format.js';
import { quantities } from './resources-console.js';

/** What `rollbench recommend` can say about a capacity result: KRR-style resources, or why there are none. */
export function renderCapacityRecommendation(analysis: CapacityAnalysis): string {
  const lines = [
    'This is the result of a capacity run: it disrupted nothing,',
    '  so there are no failures to attribute and no preStop to derive.',
  ];
  if ('unavailable' in analysis) {
    lines.push(`No requests/limits either: ${analysis.unavailable}.`);
    return `${lines.join('\n')}\n`;
  }
  const { step, replicas, krr, qosClass, sizing } = analysis.recommendation;
  const perReplica =
    krr.rpsPerReplica === undefined
      ? ''
      : `\n             ${formatCount(Math.floor(krr.rpsPerReplica))} rps per replica at this CPU request`;
  lines.push(
    `Requests/limits from the highest step that met the SLO: ${formatCount(step.rps)} rps ` +
      `(${step.succeededRps.toFixed(1)} succeeded over ${replicas} replicas, ${formatCount(step.samples)} samples):`,
    `  KRR-style  requests ${quantities(krr.resources.requests)}; limits ${quantities(krr.resources.limits)}; ${qosClass}${perReplica}`,
    `             ${krr.formula}`,
  );
  if (sizing)
    lines.push(`  For ${formatCount(sizing.targetRps)} rps: ${sizing.replicas} replicas (the capacity run's sizing).`);
  lines.push(
    '  VPA-style needs every sample (p90 of CPU, per-pod memory peaks), which a capacity result does not keep:',
    `  run a scenario that holds ${formatCount(step.rps)} rps and recommend from its result for both.`,
  );
  return `${lines.join('\n')}\n`;
}
