import { ceilTo, cpuQuantity, MEBIBYTE, memoryQuantity } from '../../core/quantity.js';
import type { ResourceSample } from '../../core/resource-sample.js';
import { percentiles } from '../percentile.js';
import { type ContainerResources, type QosClass, qosClass, type ResourceAmounts } from './qos.js';
import { groupBy, inPhases, type LoadPhase, type LoadStats, loadStats, type UsageStats, usageStats } from './usage.js';

export type { ContainerResources, LoadPhase, LoadStats, QosClass, ResourceAmounts, UsageStats };

export type ResourcePolicy = 'vpa' | 'krr';

/** A CPU and a memory amount, both set. */
export interface Amounts {
  cpuMillicores: number;
  memoryBytes: number;
}

/** One policy's answer for one container. */
export interface PolicyChoice {
  policy: ResourcePolicy;
  /** What to set: CPU in whole millicores, memory in whole MiB; an absent amount is not set. */
  resources: ContainerResources;
  /** How the numbers were computed, for people. */
  formula: string;
  /** Where the policy's minimum, not the usage, decided the request. */
  floored: { cpu: boolean; memory: boolean };
  /**
   * Requests/s one replica serves with this CPU request; absent without a measured load. Replicas for a target rate
   * come from a capacity run (`sizing`), which measures the rate instead of scaling CPU.
   */
  rpsPerReplica?: number;
}

/** The VPA recommender's three estimates; `resources.requests` is the target. */
export interface VpaChoice extends PolicyChoice {
  policy: 'vpa';
  lowerBound: Amounts;
  target: Amounts;
  upperBound: Amounts;
}

export interface ContainerRecommendation {
  container: string;
  usage: UsageStats;
  /** Absent when no request was sent while the load window was sampled. */
  load?: LoadStats;
  vpa: VpaChoice;
  krr: PolicyChoice;
  /** Set when the window is too short to be read like a history-based recommender's output. */
  confidenceNote?: string;
}

export interface ResourceRecommendations {
  /** One per container name, all pods of the deployment pooled, sorted by name. */
  containers: ContainerRecommendation[];
  /** The pod's QoS class if every container took the policy's resources. */
  qosClass: Record<ResourcePolicy, QosClass>;
  /** Phases whose samples were used, and those the load was measured over. */
  phases: { sampled: string[]; load: string[] };
}

export interface ResourceInput {
  /** Samples with `atMs` on the phases' clock: ms since the load started, as in the run's timeline. */
  samples: readonly ResourceSample[];
  /** The run's phases (`RunResult.phases`). */
  phases: readonly LoadPhase[];
}

// kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (flag defaults):
// --target-*-percentile 0.9, --recommendation-lower-bound-*-percentile 0.5, --recommendation-upper-bound-*-percentile
// 0.95, --recommendation-margin-fraction 0.15 (added to all three), --pod-recommendation-min-cpu-millicores 25 and
// --pod-recommendation-min-memory-mb 250 (MiB: ×1024×1024; per pod, split evenly across its containers).
const VPA = { margin: 0.15, podMinCpuMillicores: 25, podMinMemoryBytes: 250 * MEBIBYTE };
// robusta-dev/krr robusta_krr/strategies/simple.py (cpu_percentile 95, memory_buffer_percentage 15) and
// core/models/config.py (cpu_min_value 10 millicores, memory_min_value 100 MiB, per container); runner.py rounds
// CPU up to 1m and memory up to 1 MiB.
const KRR = { memoryBuffer: 0.15, minCpuMillicores: 10, minMemoryBytes: 100 * MEBIBYTE };

/** Fewer samples, or a shorter window, earns the confidence note. */
const CONFIDENT_SAMPLES = 30;
const CONFIDENT_WINDOW_MS = 5 * 60_000;

/**
 * Requests and limits from the CPU and memory the run measured, in two policies side by side:
 *
 * - **VPA-style** (the Vertical Pod Autoscaler recommender's defaults): target = p90 + 15 %, lower bound = p50 + 15 %,
 *   upper bound = p95 + 15 %, each at least 25m / 250Mi per pod. CPU percentiles are over all samples; memory ones
 *   over each pod's peak, as VPA keeps one memory peak per container per 24 h interval (a run is shorter). Requests
 *   only (VPA sets no limit it was not given: it scales existing ones in proportion), so Burstable. VPA's
 *   confidence multipliers are left out: with minutes of history they would multiply the upper bound by hundreds.
 * - **KRR-style** (Robusta KRR's `simple` strategy): CPU request = p95, no CPU limit; memory request = limit =
 *   max + 15 %; at least 10m / 100Mi. Burstable. KRR takes the highest per-pod p95; pooling the pods here keeps
 *   a pod sampled only a few times (started late in a rollout) from making its start-up burst the request.
 *
 * Samples count from every phase but the warmup (rollouts included: their start-up peaks are real usage); the
 * load they are set against is measured over the steady phases (or all counted phases if there are none).
 * Percentiles are by nearest rank, like every percentile rollbench reports (KRR's Prometheus `quantile_over_time`
 * interpolates between ranks instead: with a few samples its p95 can be lower by part of a step). Pure.
 */
export function recommendResources({ samples, phases }: ResourceInput): ResourceRecommendations {
  const afterWarmup = phases.filter((phase) => phase.name !== 'warmup');
  const sampledPhases = afterWarmup.length > 0 ? afterWarmup : phases;
  const steady = sampledPhases.filter((phase) => phase.name === 'steady');
  const loadPhases = steady.length > 0 ? steady : sampledPhases;
  const byContainer = groupBy(samples, (sample) => sample.container);
  const containersPerPod = Math.max(1, byContainer.size);
  const sampled = inPhases(sampledPhases);
  const containers: ContainerRecommendation[] = [];
  for (const container of [...byContainer.keys()].sort()) {
    const all = byContainer.get(container) ?? [];
    const counted = all.filter(sampled);
    if (counted.length === 0) continue;
    const usage = usageStats(counted);
    const load = loadStats(all, loadPhases);
    const confidenceNote = shortWindowNote(usage);
    containers.push({
      container,
      usage,
      ...(load ? { load } : {}),
      vpa: vpaStyle(counted, usage, containersPerPod, load),
      krr: krrStyle({ cpuP95Millicores: usage.cpuMillicores.p95, memoryMaxBytes: usage.memoryBytes.max }, load),
      ...(confidenceNote ? { confidenceNote } : {}),
    });
  }
  return {
    containers,
    qosClass: {
      vpa: qosClass(containers.map((rec) => rec.vpa.resources)),
      krr: qosClass(containers.map((rec) => rec.krr.resources)),
    },
    phases: { sampled: sampledPhases.map((phase) => phase.name), load: loadPhases.map((phase) => phase.name) },
  };
}

function vpaStyle(
  samples: readonly ResourceSample[],
  usage: UsageStats,
  containersPerPod: number,
  load: LoadStats | undefined,
): VpaChoice {
  const cpu = usage.cpuMillicores;
  const podPeaks = [...groupBy(samples, (sample) => sample.pod).values()].map((podSamples) =>
    Math.max(...podSamples.map((sample) => sample.memoryBytes)),
  );
  const memory = percentiles(podPeaks);
  const minCpu = VPA.podMinCpuMillicores / containersPerPod;
  const minMemory = VPA.podMinMemoryBytes / containersPerPod;
  const estimate = (cpuBase: number, memoryBase: number): Amounts => ({
    cpuMillicores: ceilTo(Math.max(cpuBase * (1 + VPA.margin), minCpu), 1),
    memoryBytes: ceilTo(Math.max(memoryBase * (1 + VPA.margin), minMemory), MEBIBYTE),
  });
  const target = estimate(cpu.p90, memory.p90);
  return {
    policy: 'vpa',
    resources: { requests: { ...target }, limits: {} },
    formula: `requests = p90 × ${1 + VPA.margin} (memory: p90 of per-pod peaks), at least ${cpuQuantity(minCpu)} / ${memoryQuantity(ceilTo(minMemory, MEBIBYTE))}; no limits`,
    floored: { cpu: cpu.p90 * (1 + VPA.margin) < minCpu, memory: memory.p90 * (1 + VPA.margin) < minMemory },
    ...rpsPerReplica(load, target.cpuMillicores),
    lowerBound: estimate(cpu.p50, memory.p50),
    target,
    upperBound: estimate(cpu.p95, memory.p95),
  };
}

/** One container's usage as KRR reads it: CPU p95 and peak memory, over all its pods. */
export interface KrrUsage {
  cpuP95Millicores: number;
  memoryMaxBytes: number;
}

/** The load usage was measured at: what `rpsPerReplica` sets a CPU request against. */
export type MeasuredLoad = Pick<LoadStats, 'rps' | 'replicas' | 'cpuP95Millicores'>;

/** KRR-style requests/limits from a container's CPU p95 and peak memory (see `recommendResources`). */
export function krrStyle(usage: KrrUsage, load: MeasuredLoad | undefined): PolicyChoice {
  const cpuBase = usage.cpuP95Millicores;
  const memoryBase = usage.memoryMaxBytes * (1 + KRR.memoryBuffer);
  const cpuMillicores = ceilTo(Math.max(cpuBase, KRR.minCpuMillicores), 1);
  const memoryBytes = ceilTo(Math.max(memoryBase, KRR.minMemoryBytes), MEBIBYTE);
  return {
    policy: 'krr',
    resources: { requests: { cpuMillicores, memoryBytes }, limits: { memoryBytes } },
    formula: `cpu request = p95, no cpu limit; memory request = limit = max × ${1 + KRR.memoryBuffer}; at least ${cpuQuantity(KRR.minCpuMillicores)} / ${memoryQuantity(KRR.minMemoryBytes)}`,
    floored: { cpu: cpuBase < KRR.minCpuMillicores, memory: memoryBase < KRR.minMemoryBytes },
    ...rpsPerReplica(load, cpuMillicores),
  };
}

/**
 * rpsPerReplica = (rps / replicas) × cpuRequest / cpuP95: at the measured load each replica served rps / replicas
 * while its CPU reached cpuP95; assuming CPU grows in proportion to the rate, a replica whose p95 reaches its
 * request serves that many times more. Exact for KRR (request = p95); where part of the CPU is a fixed cost, it
 * errs towards more replicas for a request above p95 and fewer below.
 */
function rpsPerReplica(load: MeasuredLoad | undefined, cpuRequestMillicores: number): { rpsPerReplica?: number } {
  if (!load || load.replicas <= 0 || !(load.cpuP95Millicores > 0)) return {};
  return { rpsPerReplica: (load.rps / load.replicas) * (cpuRequestMillicores / load.cpuP95Millicores) };
}

function shortWindowNote(usage: UsageStats): string | undefined {
  const windowMs = usage.toMs - usage.fromMs;
  if (usage.samples >= CONFIDENT_SAMPLES && windowMs >= CONFIDENT_WINDOW_MS) return undefined;
  return `short window: ${usage.samples} samples over ${Math.round(windowMs / 1000)} s; VPA needs days of history, this is a controlled-load estimate`;
}

/**
 * The strategic-merge patch fragment that gives container `containerName` a policy's resources
 * (`kubectl patch deployment <name> --patch-file …`). Amounts the policy leaves unset are `null`, which deletes
 * them: an old CPU limit left below a new request would be rejected, and the QoS class would not be the one stated.
 */
export function toResourcesPatch(
  choice: Pick<PolicyChoice, 'resources'>,
  containerName: string,
): Record<string, unknown> {
  const quantities = (amounts: ResourceAmounts) => ({
    cpu: amounts.cpuMillicores === undefined ? null : cpuQuantity(amounts.cpuMillicores),
    memory: amounts.memoryBytes === undefined ? null : memoryQuantity(amounts.memoryBytes),
  });
  const { requests, limits } = choice.resources;
  return {
    spec: {
      template: {
        spec: {
          containers: [
            { name: containerName, resources: { requests: quantities(requests), limits: quantities(limits) } },
          ],
        },
      },
    },
  };
}
