/**
 * One reading of a container's resource usage, like a row of `kubectl top pod --containers`: CPU as a rate over
 * the interval since the previous reading of the same pod, memory as the working set at the moment of reading.
 */
export interface ResourceSample {
  /** When the reading was taken: performance.now() ms while sampling; analysis expects it rebased onto the run's clock. */
  atMs: number;
  pod: string;
  /** The container name; `app` on the local platform, where a replica is one process tree. */
  container: string;
  cpuMillicores: number;
  /** Working set (metrics.k8s.io); resident set size of the process tree on the local platform. */
  memoryBytes: number;
  /** The run phase the sample fell in (`warmup`, `steady`, an action id such as `rollout@5s`, `cooldown`). */
  phase?: string;
}
