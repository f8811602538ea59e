import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// proc(5) parsing shared by the run's sampler (observe/) and the embedded cluster's kubelet (cluster/), which may
// import only core.

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
function parseProcStat(line: string): ProcStat | undefined {
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

/** Stat files read in one go before the event loop gets a turn (a chunk blocks it for well under a millisecond). */
const STATS_PER_TURN = 32;

/** One `/proc/<pid>/stat`, or undefined when the process vanished meanwhile. */
function readStat(procRoot: string, entry: string): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(join(procRoot, entry, 'stat'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Reads every process visible under `procRoot`. Processes that exit while the folder is being read are left
 * out; never throws for a vanished process.
 *
 * Written with synchronous reads in chunks, not `fs/promises`: a promise-based `readFile` takes four round trips
 * through the thread pool per file (open, fstat, read, close), which made one table of ~150 processes cost ≈ 50 ms
 * of CPU — 5 % of a core at one reading a second, in the process that also proxies the load. Chunks of
 * STATS_PER_TURN synchronous reads cost a fraction of that and keep the event loop's pauses short.
 */
export async function readProcessTable(procRoot: string): Promise<ProcessTable> {
  const entries = readdirSync(procRoot).filter((entry) => /^\d+$/.test(entry));
  const byPid = new Map<number, ProcStat>();
  const childrenOf = new Map<number, ProcStat[]>();
  for (let start = 0; start < entries.length; start += STATS_PER_TURN) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const entry of entries.slice(start, start + STATS_PER_TURN)) {
      const stat = readStat(procRoot, entry);
      if (!stat) continue;
      byPid.set(stat.pid, stat);
      const siblings = childrenOf.get(stat.ppid);
      if (siblings) siblings.push(stat);
      else childrenOf.set(stat.ppid, [stat]);
    }
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

/** What a process tree uses at one reading: cumulative CPU (its own and reaped children's) and resident memory. */
export interface TreeUsage {
  cpuTicks: number;
  rssPages: number;
}

/**
 * The tree's cumulative CPU time — utime + stime of each live process plus cutime + cstime (children that exited
 * and were reaped), so the total behaves like a cgroup's usage counter — and its summed resident set size (pages
 * shared between its processes count once per process).
 */
export function treeUsage(tree: readonly ProcStat[]): TreeUsage {
  let cpuTicks = 0;
  let rssPages = 0;
  for (const stat of tree) {
    cpuTicks += stat.cpuTicks + stat.reapedChildrenCpuTicks;
    rssPages += stat.rssPages;
  }
  return { cpuTicks, rssPages };
}

/**
 * What one process has used so far, from `/proc/<pid>/stat` and `status`: its own CPU (children not counted) and
 * its peak resident set (`VmHWM`); undefined once it is gone.
 */
export function processUsage(pid: number, procRoot = '/proc'): { cpuMs: number; peakRssBytes: number } | undefined {
  try {
    const stat = parseProcStat(readFileSync(join(procRoot, String(pid), 'stat'), 'utf8'));
    const hwmKb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(join(procRoot, String(pid), 'status'), 'utf8'))?.[1];
    if (stat === undefined) return undefined;
    return { cpuMs: (stat.cpuTicks * 1000) / clockTicksPerSecond(), peakRssBytes: Number(hwmKb ?? 0) * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * The CPU so far of the threads of process `pid` named `name` (`/proc/<pid>/task/<tid>/comm`, what `top -H`
 * shows), ms; undefined when the process is gone or has no such thread (elsewhere than Linux: always).
 */
export function threadCpuMs(pid: number, name: string, procRoot = '/proc'): number | undefined {
  const tasks = join(procRoot, String(pid), 'task');
  let cpuTicks: number | undefined;
  try {
    for (const tid of readdirSync(tasks)) {
      try {
        if (readFileSync(join(tasks, tid, 'comm'), 'utf8').trim() !== name) continue;
        const stat = parseProcStat(readFileSync(join(tasks, tid, 'stat'), 'utf8'));
        if (stat !== undefined) cpuTicks = (cpuTicks ?? 0) + stat.cpuTicks;
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    return undefined;
  }
  return cpuTicks === undefined ? undefined : (cpuTicks * 1000) / clockTicksPerSecond();
}

const systemConstants = new Map<string, number>();

/** A `getconf` value, read once per process (a blocking call of a few ms, never on a sampling path). */
function getconf(name: string, fallback: number): number {
  let value = systemConstants.get(name);
  if (value === undefined) {
    try {
      value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    } catch {
      value = fallback;
    }
    if (!Number.isInteger(value) || value <= 0) value = fallback;
    systemConstants.set(name, value);
  }
  return value;
}

/** Clock ticks per second of the stat CPU times: `getconf CLK_TCK`, else 100. */
export const clockTicksPerSecond = (): number => getconf('CLK_TCK', 100);

/** Bytes per page of the stat rss: `getconf PAGESIZE`, else 4096. */
export const pageSizeBytes = (): number => getconf('PAGESIZE', 4096);
