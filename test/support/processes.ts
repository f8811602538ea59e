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

/** The running processes whose command line contains one of `needles` (a pod's name, a cluster's data dir). */
export function processesMentioning(needles: readonly string[]): number[] {
  return everyProcess()
    .filter((found) => {
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${found.pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return false;
      }
      return found.pid !== process.pid && needles.some((needle) => cmdline.includes(needle));
    })
    .map((found) => found.pid);
}

/** Every running descendant of `pid` (children, their children, …). */
export function descendantsOf(pid: number): number[] {
  const all = everyProcess();
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of all.filter((candidate) => candidate.ppid === parent)) {
      found.push(child.pid);
      visit(child.pid);
    }
  };
  visit(pid);
  return found;
}

/** Test cleanup: SIGKILL these processes if they are still there. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
