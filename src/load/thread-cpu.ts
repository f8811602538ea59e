import { readFileSync } from 'node:fs';

/** What the scheduler says of the calling thread: time on a CPU, and time runnable but waiting for one. */
export interface ThreadSchedule {
  onCpuNs: number;
  waitingNs: number;
}

/**
 * The calling thread's scheduler times, from Linux's `/proc/thread-self/schedstat` (ns, unlike `stat`'s 10 ms
 * ticks); undefined elsewhere. Node 20 has no per-thread CPU of its own (`process.threadCpuUsage` came in 23.9),
 * and `process.cpuUsage()` counts every thread of the process.
 */
export function threadSchedule(): ThreadSchedule | undefined {
  try {
    const [onCpu, waiting] = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
    const onCpuNs = Number(onCpu);
    const waitingNs = Number(waiting);
    return Number.isFinite(onCpuNs) && Number.isFinite(waitingNs) ? { onCpuNs, waitingNs } : undefined;
  } catch {
    return undefined;
  }
}
