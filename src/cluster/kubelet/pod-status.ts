import { type KubeObject, kubeTime } from '../api/object.js';

// biome-ignore lint/suspicious/noExplicitAny: pod status is open JSON.
type Json = any;

/** One container as the kubelet reports it in `status.containerStatuses[]`. */
export interface ContainerRecord {
  name: string;
  image: string;
  /** `{waiting: {reason, message}}`, `{running: {startedAt}}` or `{terminated: {exitCode, reason, …}}`. */
  state: Record<string, Json>;
  lastState: Record<string, Json>;
  ready: boolean;
  started: boolean;
  restartCount: number;
  containerID?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** `terminated` as the kubelet writes it: reason Completed for exit 0, Error otherwise (SIGKILL: 137). */
export function terminatedState(
  exit: { code: number | null; signal: NodeJS.Signals | null },
  startedAtMs: number,
  finishedAtMs: number,
): Json {
  const signalNumber: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGHUP: 1 };
  // A process killed by a signal exits 128 + its number, as the container runtime reports it.
  const exitCode = exit.code ?? 128 + (signalNumber[exit.signal ?? ''] ?? 0);
  return {
    terminated: {
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
      startedAt: kubeTime(startedAtMs),
      finishedAt: kubeTime(finishedAtMs),
    },
  };
}

/** A condition that keeps its lastTransitionTime while its status stays the same. */
function condition(previous: Json[], type: string, status: boolean, nowMs: number, reason?: string): Json {
  const value = status ? 'True' : 'False';
  const before = previous.find((existing) => existing.type === type);
  const lastTransitionTime = before?.status === value ? before.lastTransitionTime : kubeTime(nowMs);
  return { type, status: value, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}) };
}

/**
 * The pod's status as the kubelet computes it (`generateAPIPodStatus`): the phase, the conditions
 * (PodReadyToStartContainers, Initialized, ContainersReady, Ready; PodScheduled is the scheduler's) and one
 * status per container.
 */
export function podStatus(pod: KubeObject, phase: PodPhase, containers: ContainerRecord[], nowMs: number): Json {
  const previous: Json[] = pod.status?.conditions ?? [];
  const allReady = containers.length > 0 && containers.every((container) => container.ready);
  const notReady = containers.filter((container) => !container.ready).map((container) => container.name);
  const reason = allReady ? undefined : 'ContainersNotReady';
  const running = phase === 'Running' || phase === 'Pending';
  const scheduled = previous.filter((existing) => existing.type === 'PodScheduled');
  return {
    ...pod.status,
    phase,
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP: '127.0.0.1',
    podIPs: [{ ip: '127.0.0.1' }],
    startTime: pod.status?.startTime ?? kubeTime(nowMs),
    conditions: [
      condition(previous, 'PodReadyToStartContainers', running, nowMs),
      condition(previous, 'Initialized', true, nowMs),
      {
        ...condition(previous, 'Ready', allReady, nowMs, reason),
        ...(reason ? { message: notReadyMessage(notReady) } : {}),
      },
      {
        ...condition(previous, 'ContainersReady', allReady, nowMs, reason),
        ...(reason ? { message: notReadyMessage(notReady) } : {}),
      },
      ...scheduled,
    ],
    containerStatuses: containers.map((container) => ({
      name: container.name,
      image: container.image,
      imageID: '',
      ...(container.containerID ? { containerID: container.containerID } : {}),
      state: container.state,
      lastState: container.lastState,
      ready: container.ready,
      started: container.started,
      restartCount: container.restartCount,
    })),
  };
}

function notReadyMessage(names: string[]): string {
  return `containers with unready status: [${names.join(' ')}]`;
}
