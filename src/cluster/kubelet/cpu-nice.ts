import { readFile, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** The range of Linux's nice values that any user may set: lower priority only (0 is the default). */
export const MAX_NICE = 19;

/*
 * Why the cluster may give way on the CPU (`cluster up --nice`): its pods stand in for a cluster's machines, and on
 * this one they share the cores with the load generator. A pod booting (a Node process) or the API server busy
 * with a rollout took a core for 8–13 ms at a time while the load's send clock waited for one (perf sched,
 * `rollbench run scenarios/local-rollout.yaml`), and every such wait is a send that leaves late. At nice 10,
 * `npm start` sent 1.7 % late > 1 ms against 2.6 % (medians of 10 interleaved runs).
 *
 * Why it is off by default: the kernel cannot be told "behind the load generator" — only "behind everything".
 * On a machine busy with other work the cluster then gets what is left: with the test suite and one busy core
 * beside it, a 500 ms endpoint propagation ran so late that a 1 s preStop no longer covered it, and requests
 * failed that no real cluster would have failed. A send that leaves late is counted and shown; a cluster
 * that runs late changes the findings.
 *
 * Linux weighs CPU time at two levels, so there are two knobs:
 * - a process's nice weighs it against the others of its session;
 * - with autogroup scheduling (`/proc/sys/kernel/sched_autogroup_enabled`, the default on many distributions) each
 *   session is a group weighed against the other sessions by the group's own nice (`/proc/<pid>/autogroup`), and a
 *   process's nice counts only inside its group. Every pod leads a session of its own (it is started detached),
 *   so without the group's nice a pod would weigh as much as the whole load generator.
 * Any user may lower a priority; raising it back needs privilege, so neither knob is used to favour anything.
 */

/** Lowers the CPU priority of process `pid` (a pod that leads its own session) to `nice`; best effort. */
export async function niceProcess(pid: number, nice: number): Promise<void> {
  if (nice <= 0) return;
  try {
    // On Linux this is the process's first thread; the threads it starts later inherit the value.
    setPriority(pid, nice);
  } catch {
    return; // gone already, or not ours
  }
  await niceSessionGroup(pid, nice);
}

/**
 * Lowers the calling thread's CPU priority to `nice` — processes and threads it starts later inherit it — and,
 * when this process leads its session, that session's scheduling group's. Returns what took effect, for people.
 */
export async function niceThisProcess(nice: number): Promise<string> {
  if (nice <= 0) return 'nice 0';
  setPriority(0, nice);
  const leader = (await sessionOf(process.pid)) === process.pid;
  const grouped = leader && (await niceSessionGroup(process.pid, nice));
  return grouped ? `nice ${nice}, and its session's scheduling group too` : `nice ${nice}`;
}

/**
 * Writes `nice` into `/proc/<pid>/autogroup`; false where there is no such file (no autogroup scheduling) or the
 * kernel refuses. Unprivileged writes are limited to one every 100 ms across the machine (EAGAIN): retried.
 */
async function niceSessionGroup(pid: number, nice: number): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(`/proc/${pid}/autogroup`, String(nice));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return false;
      await sleep(110);
    }
  }
  return false;
}

/** The session id of `pid` (field 6 of `/proc/<pid>/stat`), or undefined where there is no /proc. */
async function sessionOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[3]);
  } catch {
    return undefined;
  }
}
