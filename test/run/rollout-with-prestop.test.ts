import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/recommend/index.js';
import { waitForOutput } from '../support/child.js';
import { readResult, replicaPods, runningReplicas, runScenario, shortRollout } from './helpers.js';

/** How long the Ctrl-C test waits for the load to start; the run's own deadline (helpers.ts) is longer. */
const WARMUP_DEADLINE_MS = 60_000;

describe('rollbench run: the same rollout with a preStop sleep longer than the propagation delay', () => {
  it('fails no request, and exits 0', async () => {
    const ran = await runScenario(shortRollout(1));
    expect(ran.code).toBe(0);
    const result = await readResult(ran.outDir);
    expect(result.summary.failed).toBe(0);
    expect(result.verdict).toMatchObject({
      passed: true,
      checks: [{ name: 'maxFailedRequests', measured: 0, passed: true }],
    });
    expect(result.actions[0]).toMatchObject({ id: 'rollout@1s', podsRemoved: expect.any(Array) });
    expect(result.actions[0]?.finishedMs).toBeGreaterThan(result.actions[0]?.startedMs ?? 0);
    // The action's times are on the timeline's clock: ms since the load started, not before the planned 1 s.
    const started = result.timeline.find((event) => event.type === 'action-started');
    expect(result.actions[0]?.startedMs).toBe(started?.atMs);
    expect(result.actions[0]?.startedMs).toBeGreaterThanOrEqual(1000 - 1);
    // The settings the platform held, read at start and after the last action, and what its restore put back.
    const held = { replicas: 3, terminationGracePeriodSeconds: 30, containers: [{ preStop: { sleepSeconds: 1 } }] };
    expect(result.workload).toMatchObject({ before: held, after: held });
    expect(result.restored).toEqual({ restored: ['stopped the embedded cluster and every pod'], leftChanged: [] });
    // The kubelet order is in the timeline: terminating with its preStop started, and the pod gone no sooner than
    // the preStop's 1 s later (both seen through the same watch, so its delivery delay cancels out).
    const pod = result.actions[0]?.podsRemoved[0];
    const at = (type: string) => result.timeline.find((event) => event.type === type && event.pod === pod)?.atMs;
    expect(at('prestop-started')).toBeDefined();
    expect((at('pod-exited') ?? 0) - (at('pod-terminating') ?? 0)).toBeGreaterThanOrEqual(900);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASS: the SLO held; 0 of [\d,]+ requests failed\.$/);
    // Each replica's stdout/stderr went to its own log file in the run's folder, as the kubelet keeps them.
    const pods = await readdir(join(ran.outDir, 'logs', 'default'));
    expect(pods.sort()).toEqual(replicaPods(result).sort());
    expect(pods).toHaveLength(6);
    expect(await readFile(join(ran.outDir, 'logs', 'default', pods[0] ?? '', 'app', '0.log'), 'utf8')).toMatch(
      /^listening on http:\/\/127\.0\.0\.1:\d+/,
    );
    // Every replica's CPU and memory were sampled from /proc, and requests/limits come out of them.
    const samples = result.resources?.samples ?? [];
    expect(new Set(samples.map((sample) => sample.pod)).size).toBeGreaterThanOrEqual(3);
    expect(samples.every((sample) => sample.memoryBytes > 10 * 1024 * 1024)).toBe(true);
    // Each sample is tagged with the phase it fell in, so the rollout's samples stand apart.
    // (A slow start-up is sampled too, before the load's start: at negative times, in no phase.)
    const within = samples.filter((sample) => sample.atMs >= 0 && sample.atMs < result.summary.durationMs);
    expect(within.length).toBeGreaterThan(0);
    const phaseAt = (atMs: number) => result.phases.find((phase) => atMs >= phase.fromMs && atMs < phase.toMs)?.name;
    expect(within.map((sample) => sample.phase)).toEqual(within.map((sample) => phaseAt(sample.atMs)));
    // (Not that one fell in the rollout: its 2–4 s can pass without a reading when the machine is very busy.)
    const resources = analyseRun(result).resources;
    expect(resources?.containers[0]).toMatchObject({
      container: 'app',
      vpa: { policy: 'vpa' },
      krr: { policy: 'krr' },
    });
    expect(ran.stdout).toMatch(/VPA-style +requests cpu \d+m, memory \d+Mi; limits none \(Burstable\)/);
    expect(runningReplicas(result)).toEqual([]);
  });

  it('Ctrl-C mid-run: exit 130, the partial result written, no replica left running', async () => {
    const long = shortRollout(1).replace('cooldown: 1s', 'cooldown: 60s');
    const ran = await runScenario(long, {
      whileRunning: (child) => {
        // Mid-run: once the warmup has begun (the replicas are serving), not at a fixed time after the start.
        // A run that never gets there ends at its own deadline, and the exit code below says so.
        waitForOutput(child, 'stderr', /progress: warmup/, WARMUP_DEADLINE_MS).then(
          () => setTimeout(() => child.kill('SIGINT'), 1500),
          () => {},
        );
      },
    });
    expect(ran.code).toBe(130);
    const result = await readResult(ran.outDir);
    expect(result.incomplete).toMatch(/^interrupted during (warmup|rollout@1s|steady|cooldown)$/);
    expect(result.summary.requests).toBeGreaterThan(0);
    expect(replicaPods(result).length).toBeGreaterThanOrEqual(3);
    expect(runningReplicas(result)).toEqual([]);
  });
});
