/** CPU in millicores and memory in bytes; an absent (or zero) amount is not set. */
export interface ResourceAmounts {
  cpuMillicores?: number;
  memoryBytes?: number;
}

/** A container's `resources`. */
export interface ContainerResources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const KINDS = ['cpuMillicores', 'memoryBytes'] as const;

const isSet = (amount: number | undefined): amount is number => amount !== undefined && amount > 0;

/**
 * The pod's QoS class from its containers' resources, by the rules of Kubernetes' `GetPodQOS`
 * (pkg/apis/core/helper/qos): BestEffort when no container sets any CPU or memory request or limit; Guaranteed
 * when every container sets CPU and memory limits and its requests equal them (an unset request defaults to
 * the limit); Burstable otherwise.
 */
export function qosClass(containers: readonly ContainerResources[]): QosClass {
  const anySet = containers.some(({ requests, limits }) =>
    KINDS.some((kind) => isSet(requests[kind]) || isSet(limits[kind])),
  );
  if (!anySet) return 'BestEffort';
  const guaranteed = containers.every(({ requests, limits }) =>
    KINDS.every((kind) => {
      const limit = limits[kind];
      return isSet(limit) && (requests[kind] ?? limit) === limit;
    }),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
