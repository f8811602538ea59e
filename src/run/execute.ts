import { actionId, toPlatformAction } from '../actions/index.js';
import { judgeRun } from '../analysis/judge.js';
import type { LoadResult } from '../core/result.js';
import type { ActionRecord, RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { startLoadOnThread } from '../load/load-thread.js';
import { MIN_DURATION_MS } from '../load/options.js';
import type { LoadRun } from '../load/run-load.js';
import { type DriveContext, type RunHooks, type RunRecord, startLifecycle } from './lifecycle.js';
import { noLoad } from './no-load.js';
import { loadAt, type RunHandle } from './session.js';
import { sleep, sleepUntil } from './sleep.js';
import type { RunSpec } from './spec.js';

/**
 * Runs a scenario's disruption timeline: target up → load → disruptions at their times (each awaited to
 * completion) → cooldown → graceful stop → platform restored → result written (see `startLifecycle`).
 */
export function startRun(spec: RunSpec, outDir: string, hooks: RunHooks = {}): RunHandle<RunResult> {
  let load: LoadRun | undefined;
  let loadResult: LoadResult | undefined;
  let loadStartMs = Number.NaN;
  // Every action's times are ms since the load started from the moment they are recorded: one clock all its life.
  const actions: ActionRecord[] = [];
  const sinceLoadStart = (nowMs: number) => Math.round((nowMs - loadStartMs) * 10) / 10;

  const drive = async ({ url, session, record }: DriveContext): Promise<void> => {
    const { signal, platform } = session;
    load = startLoadOnThread(loadAt(spec.load, url, { durationMs: spec.timeoutMs }));
    loadStartMs = await load.started;
    session.startTimeout();
    const steadyAtMs = loadStartMs + spec.warmupMs;
    session.enter(() => (performance.now() < steadyAtMs ? 'warmup' : 'steady'));
    record({ atMs: loadStartMs, type: 'phase-started', runPhase: spec.warmupMs > 0 ? 'warmup' : 'steady' });
    // The warmup ends at a known time: record it as such rather than by a timer that could outlive the run.
    if (spec.warmupMs > 0) record({ atMs: steadyAtMs, type: 'phase-started', runPhase: 'steady' });
    for (const disruption of [...spec.disruptions].sort((a, b) => a.atMs - b.atMs)) {
      await sleepUntil(loadStartMs + disruption.atMs, signal);
      const startedAtNowMs = performance.now();
      const action: ActionRecord = {
        id: actionId(disruption.spec, disruption.atMs),
        type: disruption.spec.action,
        plannedAtMs: disruption.atMs,
        startedMs: sinceLoadStart(startedAtNowMs),
        podsRemoved: [],
        podsCreated: [],
      };
      actions.push(action);
      session.enter(action.id);
      record({ atMs: startedAtNowMs, type: 'action-started', action: action.id });
      try {
        const report = await platform.act(toPlatformAction(disruption.spec, disruption.atMs), signal);
        Object.assign(action, {
          finishedMs: sinceLoadStart(report.finishedMs),
          podsRemoved: report.podsRemoved,
          podsCreated: report.podsCreated,
          ...(report.blockedMs === undefined ? {} : { blockedMs: Math.round(report.blockedMs) }),
        });
        record({ atMs: report.finishedMs, type: 'action-finished', action: action.id });
        session.enter('steady');
      } catch (err) {
        action.error = signal.aborted ? String(signal.reason) : (err as Error).message;
        throw err;
      }
    }
    session.enter('cooldown');
    record({ atMs: performance.now(), type: 'phase-started', runPhase: 'cooldown' });
    await sleep(spec.cooldownMs, signal);
  };

  const finish = async (): Promise<void> => {
    load?.stop();
    // The load never started: the timeline counts from where it would have, the end of the start-up.
    if (Number.isNaN(loadStartMs)) loadStartMs = performance.now();
    loadResult = load ? await load.done : undefined;
  };

  const assemble = (run: RunRecord): RunResult => {
    // Port 0: the target never came up, so the load had no URL to go to.
    const sent =
      loadResult ??
      noLoad(
        // The shortest duration: the run's cap says nothing about a load that never ran, and with the rate it
        // could only add a way for the options to be refused here, losing the result.
        loadAt(spec.load, run.url ?? 'http://127.0.0.1:0/', { durationMs: MIN_DURATION_MS }),
        run.startedAt,
      );
    const timeline = run.timeline
      .map((event): TimelineEvent => ({ ...event, atMs: sinceLoadStart(event.atMs) }))
      .sort((a, b) => a.atMs - b.atMs);
    const measured = { ...sent, timeline };
    const { phases, verdict } = judgeRun(measured, { warmupMs: spec.warmupMs, slo: spec.slo });
    // Tagged with their phase, so a rollout's surge (new pods starting) stands apart from steady usage.
    const samples = run.samples.map((sample) => {
      const atMs = Math.round(sample.atMs - loadStartMs);
      const phase = phases.find((candidate) => atMs >= candidate.fromMs && atMs < candidate.toMs)?.name;
      return { ...sample, atMs, ...(phase === undefined ? {} : { phase }) };
    });
    return {
      ...sent,
      // The load runs until the run ends it; what was configured for it is only the run's cap (`asRun.timeoutMs`).
      settings: { ...sent.settings, durationMs: Math.round(sent.summary.durationMs) },
      kind: 'run',
      scenario: run.scenario,
      platform: run.platform,
      timeline,
      actions,
      phases,
      verdict,
      resources: { intervalMs: spec.sampleIntervalMs, samples },
      ...(run.workload === undefined ? {} : { workload: run.workload }),
      restored: run.restored,
      ...(run.incomplete === undefined ? {} : { incomplete: run.incomplete }),
    };
  };

  return startLifecycle(spec, outDir, { drive, finish, load: () => load, assemble }, hooks);
}
