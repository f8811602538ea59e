import type { V1ContainerStateTerminated } from '@kubernetes/client-node';

/** What a shell's exit code means, where it says more than the kubelet's reason ("Error"). */
const SHELL_EXIT_MEANING: Record<number, string> = { 126: 'not executable', 127: 'command not found' };

/**
 * How a container ended, in one wording wherever rollbench says it: `exit code 3 (Error)`,
 * `exit code 127 (command not found)`, `signal 9 (OOMKilled)`.
 */
export function containerEnded(terminated: Pick<V1ContainerStateTerminated, 'exitCode' | 'signal' | 'reason'>): string {
  const how = terminated.signal ? `signal ${terminated.signal}` : `exit code ${terminated.exitCode}`;
  const why = (terminated.signal ? undefined : SHELL_EXIT_MEANING[terminated.exitCode]) ?? terminated.reason;
  return `${how}${why ? ` (${why})` : ''}`;
}
