import { readdirSync, readFileSync } from 'node:fs';

interface Stat {
  pid: number;
  state: string;
  ppid: number;
  pgid: number;
}

/** proc(5) stat of one process, or undefined once it is gone; the name may hold spaces and ')', so split after it. */
function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const [state = '', ppid = '', pgid = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state, ppid: Number(ppid), pgid: Number(pgid) };
}

function everyProcess(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((found): found is Stat => found !== undefined && found.state !== 'Z');
}

/** True while a process with this pid runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  const found = stat(pid);
  return found !== undefined && found.state !== 'Z';
}

/** The running children of `pid`. */
export function childrenOf(pid: number): number[] {
  return everyProcess()
    .filter((found) => found.ppid === pid)
    .map((found) => found.pid);
}

/** The running members of the process groups `pgids` (a replica leads its own group: its pid is the group's). */
export function groupMembers(pgids: readonly number[]): number[] {
  return everyProcess()
    .filter((found) => pgids.includes(found.pgid))
    .map((found) => found.pid);
}

/** Test cleanup: SIGKILL every process of these groups that is still there. */
export function killGroups(pgids: readonly number[]): void {
  for (const pgid of pgids) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
