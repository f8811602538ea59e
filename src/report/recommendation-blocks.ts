import { stringify } from 'yaml';
import { patchContainers } from '../analysis/recommend/patch.js';
import { toResourcesPatch } from '../analysis/recommend/resources.js';
import type { ReportDocument } from './document.js';
import { quantities } from './resources-console.js';

/** One copy-ready recommendation: what it is for, how it was derived, and the YAML to apply. */
export interface RecommendationBlock {
  title: string;
  note: string;
  yaml: string;
}

/** preStop / grace period and requests/limits as Deployment patches, from whichever result the document holds. */
export function recommendationBlocks(doc: ReportDocument): RecommendationBlock[] {
  if (doc.kind === 'load') return [];
  if (doc.kind === 'capacity') {
    if (!('recommendation' in doc.analysis)) return [];
    const { krr, step } = doc.analysis.recommendation;
    return [
      {
        title: 'requests/limits (KRR-style)',
        note: `at ${step.rps} rps (${step.succeededRps.toFixed(1)} succeeded), the highest rate that met the SLO: ${krr.formula}`,
        // A capacity step's usage is per replica: the patch names the Deployment's first container.
        yaml: stringify(toResourcesPatch(krr, patchContainers(doc.result)[0]?.name ?? 'app')),
      },
    ];
  }
  const { termination, patches, resources } = doc.analysis;
  const blocks: RecommendationBlock[] = [];
  if (termination && patches) {
    const { preStop, terminationGracePeriod: grace, current } = termination;
    blocks.push(
      {
        title: 'preStop and terminationGracePeriodSeconds (Kubernetes ≥ 1.30)',
        note:
          `preStop ${preStop.seconds} s (now ${current.preStopSeconds}) = ${preStop.formula}; ` +
          `grace ≥ ${grace.seconds} s (now ${current.terminationGracePeriodSeconds}) = ${grace.formula}`,
        yaml: stringify(patches.deploymentSleep),
      },
      {
        title: 'the same for clusters before 1.30 (needs a sleep binary in the image)',
        note: 'exec preStop hook',
        yaml: stringify(patches.deploymentExec),
      },
    );
  }
  for (const container of resources?.containers ?? []) {
    for (const choice of [container.vpa, container.krr]) {
      blocks.push({
        title: `requests/limits of "${container.container}" (${choice.policy.toUpperCase()}-style)`,
        note: `requests ${quantities(choice.resources.requests)}; limits ${quantities(choice.resources.limits)} — ${choice.formula}`,
        yaml: stringify(toResourcesPatch(choice, container.container)),
      });
    }
  }
  return blocks;
}
