/**
 * The workload's settings as the platform holds them (read from it, not taken from the scenario): what analysis
 * compares its recommendations with. Kubernetes' units: seconds, millicores, bytes.
 */
export interface ContainerSettings {
  name: string;
  image?: string;
  /** lifecycle.preStop: sleep seconds, or an exec command (its duration unknown), or an HTTP GET; absent: none. */
  preStop?: { sleepSeconds: number } | { exec: string[] } | { httpGet: { path?: string; port: number | string } };
  readinessProbe?: {
    periodSeconds: number;
    initialDelaySeconds: number;
    failureThreshold: number;
    successThreshold: number;
    timeoutSeconds: number;
  };
  requests?: { cpuMillicores?: number; memoryBytes?: number };
  limits?: { cpuMillicores?: number; memoryBytes?: number };
}

export interface WorkloadSettings {
  /** kubernetes: namespace/deployment; local: the scenario's target name. */
  name: string;
  replicas: number;
  strategy: { type: 'RollingUpdate' | 'Recreate'; maxSurge?: number | string; maxUnavailable?: number | string };
  minReadySeconds: number;
  progressDeadlineSeconds?: number;
  terminationGracePeriodSeconds: number;
  containers: ContainerSettings[];
}
