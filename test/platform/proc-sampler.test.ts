import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcStat, processTree, readProcessTable } from '../../src/core/proc-stat.js';
import { type ProcessTarget, ProcSampler } from '../../src/platform/local/proc-sampler.js';
import { statLine, writeStat } from '../support/proc-stat.js';

const children: ChildProcess[] = [];

function startNode(code: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function startShell(script: string): ChildProcess {
  const child = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  children.push(child);
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
});

const BUSY = 'const end = Date.now() + 4000; while (Date.now() < end) {}';
const IDLE = 'setTimeout(() => {}, 4000)';
// Busy in 20 ms slices, answering each IPC message with its own CPU time (µs) in between.
const REPORTING_BUSY = `
  process.on('message', () => { const u = process.cpuUsage(); process.send(u.user + u.system); });
  const end = Date.now() + 4000;
  (function spin() { const slice = Date.now() + 20; while (Date.now() < slice) {} if (Date.now() < end) setImmediate(spin); })();
`;

/** The CPU time a REPORTING_BUSY child says it has used, and when it said so. */
function ownCpu(child: ChildProcess): Promise<{ cpuUs: number; atMs: number }> {
  return new Promise((resolve) => {
    child.once('message', (cpuUs) => resolve({ cpuUs: Number(cpuUs), atMs: performance.now() }));
    child.send('cpu?');
  });
}

function target(pod: string, child: ChildProcess): ProcessTarget {
  if (child.pid === undefined) throw new Error('child did not start');
  return { pod, pid: child.pid };
}

describe('parseProcStat', () => {
  it('reads the fields after the last parenthesis, whatever the command name holds', () => {
    const stat = parseProcStat(statLine(4242, 'a b) c', 17, { utime: 150, stime: 25 }, 300));
    expect(stat).toEqual({
      pid: 4242,
      comm: 'a b) c',
      ppid: 17,
      cpuTicks: 175,
      reapedChildrenCpuTicks: 0,
      rssPages: 300,
    });
  });

  it('reads a real line of this process', async () => {
    const table = await readProcessTable('/proc');
    const self = table.byPid.get(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(self?.rssPages).toBeGreaterThan(0);
  });

  it('rejects a malformed line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x) S')).toBeUndefined();
  });
});

describe('ProcSampler on a hand-written proc folder', () => {
  it('turns the CPU ticks of a process tree between two readings into millicores', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rollbench-proc-'));
    await writeFile(join(root, 'uptime'), '1.00 1.00\n'); // non-pid entries are ignored
    await writeStat(root, 100, statLine(100, 'sh', 1, { utime: 1, stime: 1 }, 100));
    await writeStat(root, 101, statLine(101, 'a b) c', 100, { utime: 100, stime: 50 }, 1000));
    await writeStat(root, 200, statLine(200, 'other', 1, { utime: 999, stime: 0 }, 5000));
    let nowMs = 10_000;
    const sampler = new ProcSampler({
      targets: () => [
        { pod: 'web-1', pid: 100 },
        { pod: 'gone', pid: 300 },
      ],
      now: () => nowMs,
      procRoot: root,
      clockTicksPerSecond: 100,
      pageSizeBytes: 4096,
    });
    expect(await sampler.sampleOnce()).toEqual([]); // the first reading only sets the baseline
    // 2 s later: the child used 100 more ticks (1 s of CPU), the shell none, and a grandchild appeared with 20.
    await writeStat(root, 101, statLine(101, 'a b) c', 100, { utime: 150, stime: 100 }, 1500));
    await writeStat(root, 102, statLine(102, 'worker', 101, { utime: 20, stime: 0 }, 400));
    nowMs += 2000;
    const samples = await sampler.sampleOnce();
    expect(samples).toEqual([
      { atMs: 12_000, pod: 'web-1', container: 'app', cpuMillicores: 600, memoryBytes: (100 + 1500 + 400) * 4096 },
    ]);
  });

  it('counts no negative usage when a descendant leaves the tree', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rollbench-proc-'));
    await writeStat(root, 100, statLine(100, 'app', 1, { utime: 10, stime: 0 }));
    await writeStat(root, 101, statLine(101, 'child', 100, { utime: 500, stime: 0 }));
    let nowMs = 0;
    const sampler = new ProcSampler({
      targets: () => [{ pod: 'p', pid: 100 }],
      now: () => nowMs,
      procRoot: root,
      clockTicksPerSecond: 100,
      pageSizeBytes: 4096,
    });
    await sampler.sampleOnce();
    await writeStat(root, 101, statLine(101, 'child', 1, { utime: 500, stime: 0 })); // re-parented to init
    nowMs = 1000;
    expect((await sampler.sampleOnce())[0]?.cpuMillicores).toBe(0);
  });

  it('survives a loop in a hand-written parent chain', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rollbench-proc-'));
    await writeStat(root, 5, statLine(5, 'a', 6, { utime: 1, stime: 0 }));
    await writeStat(root, 6, statLine(6, 'b', 5, { utime: 1, stime: 0 }));
    const table = await readProcessTable(root);
    expect(processTree(table, 5).map((stat) => stat.pid)).toEqual([5, 6]);
  });
});

describe('ProcSampler on real processes', () => {
  // The box may be shared (CI, other test files), so a busy process is not promised a whole core: the readings
  // are checked against the CPU time the process reports for itself (getrusage, via process.cpuUsage()).
  it('reads what a busy process reports for itself, and almost nothing for an idle one', async () => {
    const busy = spawn(process.execPath, ['-e', REPORTING_BUSY], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    children.push(busy);
    const idle = startNode(IDLE);
    const sampler = new ProcSampler({
      targets: () => [target('busy', busy), target('idle', idle)],
    });
    await sleep(500); // past node's own start-up, which costs CPU even in the idle one
    const before = await ownCpu(busy);
    await sampler.sampleOnce();
    await sleep(1500);
    const samples = await sampler.sampleOnce();
    const after = await ownCpu(busy);
    const reportedMillicores = (after.cpuUs - before.cpuUs) / (after.atMs - before.atMs); // µs per ms = millicores
    const busySample = samples.find((sample) => sample.pod === 'busy');
    const idleSample = samples.find((sample) => sample.pod === 'idle');
    expect(busySample?.cpuMillicores).toBeGreaterThan(100); // ~1000 on an idle box; see above
    expect(busySample?.cpuMillicores).toBeLessThan(1100);
    expect(Math.abs((busySample?.cpuMillicores ?? 0) - reportedMillicores)).toBeLessThan(0.1 * reportedMillicores + 30);
    expect(idleSample?.cpuMillicores).toBeLessThan(100);
    expect(idleSample?.memoryBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(busySample?.container).toBe('app');
  });

  it('counts the descendants of a shell wrapper', async () => {
    // `&` + `wait` makes the shell fork rather than exec, so the busy node is a child of the target pid.
    const shell = startShell(`"${process.execPath}" -e "${BUSY}" & wait`);
    const shellTarget = target('wrapped', shell);
    await sleep(500);
    const table = await readProcessTable('/proc');
    const node = processTree(table, shellTarget.pid).find((stat) => stat.pid !== shellTarget.pid);
    if (!node) throw new Error('the shell started no child');
    const sampler = new ProcSampler({
      targets: () => [shellTarget, { pod: 'child', pid: node.pid }],
    });
    await sampler.sampleOnce();
    await sleep(1500);
    const samples = await sampler.sampleOnce();
    const wrapped = samples.find((sample) => sample.pod === 'wrapped');
    const child = samples.find((sample) => sample.pod === 'child');
    expect(child?.cpuMillicores).toBeGreaterThan(100);
    // The idle shell adds next to nothing: the wrapper's reading is its child's.
    expect(Math.abs((wrapped?.cpuMillicores ?? 0) - (child?.cpuMillicores ?? 0))).toBeLessThan(30);
    expect(wrapped?.memoryBytes).toBeGreaterThan(child?.memoryBytes ?? Number.POSITIVE_INFINITY);
  });
});
