import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fields of `/proc/<pid>/stat` the sampler needs (proc(5)); times in clock ticks, rss in pages. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime: CPU time of the process itself. */
  cpuTicks: number;
  /** cutime + cstime: CPU time of its children that exited and were waited for. */
  reapedChildrenCpuTicks: number;
  rssPages: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and may itself hold spaces
 * and parentheses, so the numbered fields are read after the last `)`. Returns undefined for a malformed line.
 */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(fields[n - 3]);
  const stat: ProcStat = {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    reapedChildrenCpuTicks: field(16) + field(17),
    rssPages: field(24),
  };
  const numbers = [stat.pid, stat.ppid, stat.cpuTicks, stat.reapedChildrenCpuTicks, stat.rssPages];
  return numbers.every(Number.isFinite) ? stat : undefined;
}

/** A snapshot of the processes under a proc folder: each by pid, and the children of each. */
export interface ProcessTable {
  byPid: ReadonlyMap<number, ProcStat>;
  childrenOf: ReadonlyMap<number, readonly ProcStat[]>;
}

/**
 * Reads every process visible under `procRoot`. Processes that exit while the folder is being read are left
 * out; never throws for a vanished process.
 */
export async function readProcessTable(procRoot: string): Promise<ProcessTable> {
  const entries = await readdir(procRoot);
  const stats = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => readFile(join(procRoot, entry, 'stat'), 'utf8').then(parseProcStat, () => undefined)),
  );
  const byPid = new Map<number, ProcStat>();
  const childrenOf = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    if (!stat) continue;
    byPid.set(stat.pid, stat);
    const siblings = childrenOf.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else childrenOf.set(stat.ppid, [stat]);
  }
  return { byPid, childrenOf };
}

/** The process `rootPid` and all its descendants, or [] when it is not in the table. */
export function processTree(table: ProcessTable, rootPid: number): ProcStat[] {
  const root = table.byPid.get(rootPid);
  if (!root) return [];
  const tree: ProcStat[] = [];
  const seen = new Set<number>();
  const pending = [root];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    if (seen.has(stat.pid)) continue; // a hand-written proc folder may loop; the kernel's never does
    seen.add(stat.pid);
    tree.push(stat);
    pending.push(...(table.childrenOf.get(stat.pid) ?? []));
  }
  return tree;
}
