import type { ProcessLaunch } from './process-launch.js';

/** The descriptor on which a replica's watchdog reads the pipe from rollbench. */
export const WATCHDOG_FD = 3;

// Run by /bin/sh with the pod's name as $0 and the replica's command as "$@". The outer subshell exits at once,
// so the watchdog is no child of the app (which may wait for, or be measured with, its children) yet stays in
// the replica's process group. It ignores the signals the kubelet's shutdown sends the group, so a graceful
// shutdown stays watched; `read` returns only at EOF, since nobody writes to the pipe.
const LAUNCHER = [
  `( ( trap '' HUP INT TERM; read _ <&${WATCHDOG_FD}; kill -9 0 ) & )`,
  `exec ${WATCHDOG_FD}<&-`,
  'exec "$@"',
].join('\n');

/**
 * How to start a replica so that it cannot outlive rollbench, whatever ends rollbench — `kill -9` included,
 * which leaves no chance to clean up. /bin/sh forks a watchdog into the replica's process group, then execs the
 * replica's own command: same pid, same exit status, same process tree as without it. The watchdog holds the
 * read end of a pipe whose only write end rollbench holds (on WATCHDOG_FD); when rollbench closes it (the
 * replica has exited) or dies, the watchdog SIGKILLs the whole group — what the replica left behind (a
 * `sh -c` command's children), the replica itself, and the watchdog.
 */
export function watchedLaunch(launch: ProcessLaunch, podName: string): ProcessLaunch {
  return { file: '/bin/sh', args: ['-c', LAUNCHER, podName, launch.file, ...launch.args], env: launch.env };
}
