import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResourceUsage, type RunningContainer } from '../../src/cluster/kubelet/resource-usage.js';
import { goDuration } from '../../src/cluster/resources/metrics.js';
import { clockTicksPerSecond, pageSizeBytes } from '../../src/core/proc-stat.js';
import { statLine, writeStat } from '../support/proc-stat.js';

const container = (pod: string, pid: number, nodeName = 'node-1'): RunningContainer => ({
  namespace: 'default',
  pod,
  uid: `uid-${pod}`,
  container: 'app',
  nodeName,
  pid,
});

describe('the kubelet resource usage from /proc', () => {
  it('rates CPU over the readings within the window, memory from the newest; nodes sum their pods', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rollbench-proc-'));
    try {
      const ticks = clockTicksPerSecond();
      let nowMs = 1_000_000;
      const usage = new ResourceUsage({
        containers: () => [container('busy', 100), container('idle', 200)],
        procRoot: root,
        windowMs: 10_000,
        now: () => nowMs,
      });
      const write = async (busyTicks: number, rssPages: number) => {
        await writeStat(root, 100, statLine(100, 'sh', 1, { utime: 0, stime: 0 }, 10));
        await writeStat(root, 101, statLine(101, 'node', 100, { utime: busyTicks, stime: 0 }, rssPages));
        await writeStat(root, 200, statLine(200, 'node', 1, { utime: 5, stime: 0 }, 50));
      };
      await write(0, 100);
      await usage.readOnce();
      expect(usage.pods()).toEqual([]); // one reading: no rate yet
      expect(usage.nodes(['node-1'])).toEqual([]);
      for (let second = 1; second <= 12; second++) {
        nowMs += 1000;
        await write(second * ticks, 100 + second); // the child of the busy pod burns one core
        await usage.readOnce();
      }
      const [busy, idle] = usage.pods().sort((a, b) => a.name.localeCompare(b.name));
      // The oldest reading kept is 10 s before the newest: one core over those 10 s.
      expect(busy).toEqual({
        namespace: 'default',
        name: 'busy',
        nodeName: 'node-1',
        timestampMs: nowMs,
        windowMs: 10_000,
        containers: [{ name: 'app', cpuNanocores: 1e9, memoryBytes: (10 + 112) * pageSizeBytes() }],
      });
      expect(idle?.containers[0]?.cpuNanocores).toBe(0);
      expect(usage.nodes(['node-1', 'node-2'])).toEqual([
        {
          name: 'node-1',
          timestampMs: nowMs,
          windowMs: 10_000,
          cpuNanocores: 1e9,
          memoryBytes: (122 + 50) * pageSizeBytes(),
        },
        { name: 'node-2', timestampMs: nowMs, windowMs: 10_000, cpuNanocores: 0, memoryBytes: 0 },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a container that exited is dropped; one that restarted (new pid) starts a fresh rate', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rollbench-proc-'));
    try {
      let nowMs = 0;
      let pid = 300;
      const usage = new ResourceUsage({ containers: () => [container('app', pid)], procRoot: root, now: () => nowMs });
      await writeStat(root, 300, statLine(300, 'node', 1, { utime: 0, stime: 0 }, 10));
      await usage.readOnce();
      nowMs += 1000;
      await usage.readOnce();
      expect(usage.pods()).toHaveLength(1);
      pid = 301;
      await writeStat(root, 301, statLine(301, 'node', 1, { utime: 0, stime: 0 }, 10));
      nowMs += 1000;
      await usage.readOnce();
      expect(usage.pods()).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('writes the window as Go prints a duration', () => {
    expect(goDuration(500)).toBe('500ms');
    expect(goDuration(10_012)).toBe('10.012s');
    expect(goDuration(15_000)).toBe('15s');
    expect(goDuration(60_500)).toBe('1m0.5s');
    expect(goDuration(0)).toBe('0s');
  });
});
