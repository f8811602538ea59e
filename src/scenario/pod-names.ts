import type * as z from 'zod';
import { formatDurationMs } from '../core/duration.js';
import { LOCAL_DEPLOYMENT_NAME, LOCAL_POD_NAME as POD_NAME } from '../core/local-pod-names.js';
import { RANDOM_POD } from './disruptions.js';
import type { ScenarioFields } from './fields.js';
import { inTimeOrder, isParsed, isTargetParsed } from './parsed.js';

export { LOCAL_DEPLOYMENT_NAME };

const podName = (revision: number, n: number) => `${LOCAL_DEPLOYMENT_NAME}-r${revision}-${n}`;

/**
 * The pods the local platform will run when a disruption starts, assuming none crashes (a crashed pod is
 * replaced under a new name). Disruptions run one after another, each to completion, so from the replicas and
 * the disruptions before it: a rollout replaces every pod, a scale-up or a deletion creates the next names.
 * Which pods a scale-down, a random deletion or a drain removes is decided at run time: `pods` then holds every
 * pod that may run (`exact: false`), and after a drain, which creates as many pods as its node held, not even
 * the names are known (`created: undefined`).
 */
interface PodForecast {
  revision: number;
  replicas: number;
  created: number | undefined;
  pods: string[];
  exact: boolean;
}

/** The names of the next `count` pods the platform creates (none known once a drain made the count unknown). */
function created(forecast: PodForecast, count: number): string[] {
  const start = forecast.created;
  if (start === undefined) return [];
  forecast.created = start + count;
  return Array.from({ length: count }, (_, i) => podName(forecast.revision, start + i + 1));
}

type Disruption = ScenarioFields['disruptions'][number];

function advance(forecast: PodForecast, disruption: Disruption): void {
  switch (disruption.action) {
    case 'rollout':
      forecast.revision++;
      forecast.pods = created(forecast, forecast.replicas);
      forecast.exact = forecast.created !== undefined;
      break;
    case 'scale':
      if (disruption.replicas > forecast.replicas) {
        forecast.pods.push(...created(forecast, disruption.replicas - forecast.replicas));
      } else if (disruption.replicas < forecast.replicas) forecast.exact = false;
      forecast.replicas = disruption.replicas;
      break;
    case 'deletePod':
      if (disruption.pod === RANDOM_POD) forecast.exact = false;
      else forecast.pods = forecast.pods.filter((pod) => pod !== disruption.pod);
      forecast.pods.push(...created(forecast, 1));
      break;
    case 'drain':
      forecast.created = undefined;
      forecast.exact = false;
      break;
  }
}

/** `web-r1-1 … web-r1-5, web-r2-7`: runs of consecutive pods of a revision collapsed, so 100 pods fit a line. */
export function describePods(pods: readonly string[]): string {
  const parts: string[] = [];
  let run: string[] = [];
  const flush = () => {
    parts.push(run.length > 2 ? `${run[0]} … ${run.at(-1)}` : run.join(', '));
    run = [];
  };
  for (const pod of pods) {
    const last = run.at(-1)?.match(POD_NAME);
    const next = pod.match(POD_NAME);
    const follows = last && next && last[1] === next[1] && Number(next[2]) === Number(last[2]) + 1;
    if (run.length > 0 && !follows) flush();
    run.push(pod);
  }
  if (run.length > 0) flush();
  return parts.join(', ');
}

/** Why `pod` will not be running when a deletePod at `atMs` starts, or undefined when it may be. */
function unknownPod(pod: string, forecast: PodForecast, atMs: number): string | undefined {
  const at = formatDurationMs(atMs);
  if (forecast.created === undefined) {
    const revision = Number(pod.match(POD_NAME)?.[1] ?? 0);
    if (revision >= 1 && revision <= forecast.revision) return undefined;
    return (
      `"${pod}" is not a pod the local platform runs at ${at}: its pods are named ` +
      `${LOCAL_DEPLOYMENT_NAME}-r<revision>-<n> (revision 1 to ${forecast.revision} by then), or write ${RANDOM_POD}`
    );
  }
  if (forecast.pods.includes(pod)) return undefined;
  const pods = describePods(forecast.pods);
  return (
    `no pod "${pod}" runs at ${at}: ${forecast.exact ? `the pods then are ${pods}` : `only some of ${pods} run then`} ` +
    `(named ${LOCAL_DEPLOYMENT_NAME}-r<revision>-<n>); or write ${RANDOM_POD}`
  );
}

/**
 * A deletePod naming a pod that will not exist would fail mid-run, after the warmup was spent: check the name
 * against the pods the local platform will run by then.
 */
export function checkPodNames(scenario: ScenarioFields, ctx: z.RefinementCtx<ScenarioFields>): void {
  const { issues } = ctx;
  const { target } = scenario;
  if (!Array.isArray(scenario.disruptions) || !isTargetParsed(issues, 'replicas') || target.platform !== 'local')
    return;
  const { replicas } = target;
  const forecast: PodForecast = {
    revision: 1,
    replicas,
    created: replicas,
    pods: Array.from({ length: replicas }, (_, i) => podName(1, i + 1)),
    exact: true,
  };
  for (const { disruption, index } of inTimeOrder(scenario.disruptions)) {
    // Past a disruption that did not parse, the pods that follow are unknown.
    if (!isParsed(issues, 'disruptions', index)) return;
    if (disruption.action === 'deletePod' && disruption.pod !== RANDOM_POD) {
      const problem = unknownPod(disruption.pod, forecast, disruption.atMs);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', path: ['disruptions', index, 'pod'], message: problem });
    }
    advance(forecast, disruption);
  }
}
