import { readFile } from 'node:fs/promises';
import type { RunResult } from '../../src/core/run-result.js';

const fixture = async (name: string): Promise<RunResult> =>
  JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as RunResult;

// Real results of the seed experiment — a rollout restart of 3 replicas without preStop under 200 rps, behind an l7
// proxy that applies an endpoint's removal 1 s late — trimmed to what analysis reads (latency histograms and
// resource samples dropped; timeline, actions, buckets with per-pod outcomes and per-pod totals kept as written).

/**
 * `rollbench run scenarios/k8s-rollout.yaml` on the embedded cluster (`cluster up`, l7, 1 s propagation) through the
 * Kubernetes platform, on a busy 2-core machine: 171 requests failed (502 from the proxy, naming the pod), 59, 62
 * and 50 on the three old pods. Their first failures were sent up to ~120 ms before the pod's deletion arrived by
 * watch and ~200 ms before its exit did.
 */
export const kubernetesRollout = () => fixture('k8s-rollout.result.json');

/** `rollbench run scenarios/local-rollout.yaml` on the local platform: 150 requests failed, 50 on each old pod. */
export const localRollout = () => fixture('local-rollout.result.json');
