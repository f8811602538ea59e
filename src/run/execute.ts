import { actionId, toPlatformAction } from '../actions/index.js';
import { judgedFromMs, phaseCounts } from '../analysis/phases.js';
import { evaluateSlo } from '../analysis/slo.js';
import type { LoadResult } from '../core/result.js';
import type { ActionRecord, RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import { MIN_DURATION_MS } from '../load/options.js';
import { type LoadRun, startLoad } from '../load/run-load.js';
import type { LocalPlatform } from '../platform/local/local-platform.js';
import { noLoad } from './no-load.js';
import { loadAt, type RunHandle, type RunOutcome, RunSession } from './session.js';
import { sleep, sleepUntil } from './sleep.js';
import type { RunSpec } from './spec.js';

/**
 * Runs a scenario: target up → load → disruptions at their times (each awaited to completion) →
 * cooldown → graceful stop → platform restored → result written. Whatever happens — success, an
 * action failing, Ctrl-C, an exception — the load is stopped before the platform is torn down (so the
 * teardown causes no failures of its own), every local process is gone, and what was measured is written.
 */
export function startRun(spec: RunSpec, outDir: string): RunHandle<RunResult> {
  const session = new RunSession(spec, outDir);
  let load: LoadRun | undefined;

  const execute = async (): Promise<RunOutcome<RunResult>> => {
    const { signal, timeline } = session;
    const sink = (event: TimelineEvent) => {
      timeline.push(event);
    };
    const actions: ActionRecord[] = [];
    const startedAt = new Date();
    let loadStartMs = Number.NaN;
    let error: unknown;
    try {
      const url = await session.start();
      load = startLoad(loadAt(spec.load, url, { durationMs: spec.timeoutMs }));
      loadStartMs = await load.started;
      session.startTimeout();
      const steadyAtMs = loadStartMs + spec.warmupMs;
      session.enter(() => (performance.now() < steadyAtMs ? 'warmup' : 'steady'));
      sink({ atMs: loadStartMs, type: 'phase-started', subject: spec.warmupMs > 0 ? 'warmup' : 'steady' });
      // The warmup ends at a known time: record it as such rather than by a timer that could outlive the run.
      if (spec.warmupMs > 0) sink({ atMs: steadyAtMs, type: 'phase-started', subject: 'steady' });
      for (const disruption of [...spec.disruptions].sort((a, b) => a.atMs - b.atMs)) {
        await sleepUntil(loadStartMs + disruption.atMs, signal);
        const record: ActionRecord = {
          id: actionId(disruption.spec, disruption.atMs),
          type: disruption.spec.action,
          plannedAtMs: disruption.atMs,
          startedMs: performance.now(),
          podsReplaced: [],
          podsCreated: [],
        };
        actions.push(record);
        session.enter(record.id);
        sink({ atMs: record.startedMs, type: 'action-started', subject: record.id });
        try {
          const report = await session.platform.act(toPlatformAction(disruption.spec, disruption.atMs), signal);
          Object.assign(record, {
            finishedMs: report.finishedMs,
            podsReplaced: report.podsReplaced,
            podsCreated: report.podsCreated,
            ...(report.blockedMs === undefined ? {} : { blockedMs: Math.round(report.blockedMs) }),
          });
          sink({ atMs: report.finishedMs, type: 'action-finished', subject: record.id });
          session.enter('steady');
        } catch (err) {
          record.error = signal.aborted ? String(signal.reason) : (err as Error).message;
          throw err;
        }
      }
      session.enter('cooldown');
      sink({ atMs: performance.now(), type: 'phase-started', subject: 'cooldown' });
      await sleep(spec.cooldownMs, signal);
    } catch (err) {
      if (!signal.aborted) error = err;
    } finally {
      session.stopTimeout();
      load?.stop();
      // The load never started: the timeline counts from where it would have, the end of the start-up.
      if (Number.isNaN(loadStartMs)) loadStartMs = performance.now();
    }
    let loadResult: LoadResult | undefined;
    try {
      loadResult = load ? await load.done : undefined;
    } catch (err) {
      error ??= err;
    } finally {
      // The platform is restored whatever the load did: no replica outlives the run.
      await session.close();
    }
    // Port 0: the proxy never listened, so the load had no URL to go to.
    const sent =
      loadResult ??
      noLoad(
        // The shortest duration: the run's cap says nothing about a load that never ran, and with the rate it
        // could only add a way for the options to be refused here, losing the result.
        loadAt(spec.load, session.platform.url ?? 'http://127.0.0.1:0/', { durationMs: MIN_DURATION_MS }),
        startedAt,
      );
    const incomplete = session.incomplete(error);
    const result = assemble(spec, session.platform, sent, loadStartMs, timeline, actions, incomplete);
    // Tagged with their phase, so a rollout's surge (new pods starting) stands apart from steady usage.
    const samples = session.samples().map((sample) => {
      const atMs = Math.round(sample.atMs - loadStartMs);
      const phase = result.phases.find((candidate) => atMs >= candidate.fromMs && atMs < candidate.toMs)?.name;
      return { ...sample, atMs, ...(phase === undefined ? {} : { phase }) };
    });
    result.resources = { intervalMs: spec.sampleIntervalMs, samples };
    return session.conclude(result, error);
  };

  return session.handle(execute(), () => load);
}

function assemble(
  spec: RunSpec,
  platform: LocalPlatform,
  load: LoadResult,
  loadStartMs: number,
  rawTimeline: TimelineEvent[],
  actions: ActionRecord[],
  incomplete: string | undefined,
): RunResult {
  const relative = (ms: number) => Math.round((ms - loadStartMs) * 10) / 10;
  const timeline = rawTimeline
    .map((event) => ({ ...event, atMs: relative(event.atMs) }))
    .sort((a, b) => a.atMs - b.atMs);
  const endMs = load.summary.durationMs;
  return {
    ...load,
    // The load runs until the run ends it; what was configured for it is only the run's cap (`asRun.timeoutMs`).
    settings: { ...load.settings, durationMs: Math.round(endMs) },
    kind: 'run',
    scenario: { name: spec.name, ...(spec.file === undefined ? {} : { file: spec.file }), asRun: spec.asRun },
    platform: platform.describe(),
    timeline,
    actions: actions.map((action) => ({
      ...action,
      startedMs: relative(action.startedMs),
      ...(action.finishedMs === undefined ? {} : { finishedMs: relative(action.finishedMs) }),
    })),
    phases: phaseCounts(load.buckets, timeline, spec.warmupMs, endMs, load.settings.bucketMs),
    verdict: evaluateSlo(load.buckets, spec.slo, judgedFromMs(spec.warmupMs, load.settings.bucketMs), endMs),
    ...(incomplete === undefined ? {} : { incomplete }),
  };
}
