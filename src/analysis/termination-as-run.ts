import type { RunResult } from '../core/run-result.js';

interface AsRunTermination {
  target?: { lifecycle?: { preStop?: { sleep?: { seconds?: number } } }; terminationGracePeriodSeconds?: number };
}

/**
 * The preStop and grace period a run used: as the platform held them (`workload.before`; an exec or HTTP preStop,
 * whose length is unknown, counts as none), or, in a result written before they were recorded, from the scenario
 * (Kubernetes' default grace: 30 s).
 */
export function terminationAsRun(result: RunResult): { preStopSeconds: number; terminationGracePeriodSeconds: number } {
  const workload = result.workload?.before;
  if (workload) {
    const sleeps = workload.containers.map((container) =>
      container.preStop && 'sleepSeconds' in container.preStop ? container.preStop.sleepSeconds : 0,
    );
    return {
      preStopSeconds: Math.max(0, ...sleeps),
      terminationGracePeriodSeconds: workload.terminationGracePeriodSeconds,
    };
  }
  const target = (result.scenario.asRun as AsRunTermination | undefined)?.target;
  return {
    preStopSeconds: target?.lifecycle?.preStop?.sleep?.seconds ?? 0,
    terminationGracePeriodSeconds: target?.terminationGracePeriodSeconds ?? 30,
  };
}
