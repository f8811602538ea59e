import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { actionId, toPlatformAction } from '../actions/index.js';
import { judgedFromMs, phaseCounts } from '../analysis/phases.js';
import { evaluateSlo } from '../analysis/slo.js';
import type { LoadResult } from '../core/result.js';
import type { ActionRecord, RunResult } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import type { LoadProgress } from '../load/engine.js';
import { type LoadRun, startLoad } from '../load/run-load.js';
import { type ProcessTarget, ProcSampler } from '../observe/proc-sampler.js';
import { LocalPlatform } from '../platform/local/local-platform.js';
import { UPSTREAM_HEADER } from '../platform/local/proxy/index.js';
import { sleep, sleepUntil } from './sleep.js';
import type { RunSpec } from './spec.js';

/** The response headers that name a pod: the app's own, or the one the local proxy puts on its 502/504. */
export const POD_HEADERS = ['x-rollbench-pod', UPSTREAM_HEADER];

export interface RunOutcome {
  /** Undefined only when the load never started (e.g. the replicas never became ready). */
  result: RunResult | undefined;
  /** Where result.json and the pod logs were written. */
  outDir: string;
  /** Why the run could not complete, if it failed (the result, if any, holds what was measured). */
  error: unknown;
  interrupted: boolean;
}

export interface RunHandle {
  readonly done: Promise<RunOutcome>;
  /** Graceful: stop waiting for disruptions, stop the load (requests in flight finish), clean up. */
  stop(reason?: string): void;
  /** Also abandon requests in flight. Cleanup still runs. */
  abort(): void;
  /** Load progress, once the load has started. */
  progress(): LoadProgress | undefined;
}

/**
 * Runs a scenario: target up → load → disruptions at their times (each awaited to completion) →
 * cooldown → graceful stop → platform restored → result written. Whatever happens — success, an
 * action failing, Ctrl-C, an exception — the load is stopped before the platform is torn down (so the
 * teardown causes no failures of its own), every local process is gone, and what was measured is written.
 */
export function startRun(spec: RunSpec, outDir: string): RunHandle {
  const controller = new AbortController();
  let load: LoadRun | undefined;
  const handle: RunHandle = {
    done: Promise.resolve(undefined as unknown as RunOutcome),
    stop: (reason = 'interrupted') => controller.abort(reason),
    abort: () => {
      controller.abort('interrupted');
      load?.abort();
    },
    progress: () => load?.progress(),
  };

  const execute = async (): Promise<RunOutcome> => {
    await mkdir(outDir, { recursive: true });
    const timeline: TimelineEvent[] = [];
    const sink = (event: TimelineEvent) => {
      timeline.push(event);
    };
    const platform = new LocalPlatform({ ...spec.target, logDir: join(outDir, 'logs') });
    const sampler = new ProcSampler({ intervalMs: spec.sampleIntervalMs, targets: () => samplingTargets(platform) });
    const actions: ActionRecord[] = [];
    let loadStartMs = Number.NaN;
    let error: unknown;
    let runTimer: NodeJS.Timeout | undefined;
    try {
      const { url } = await platform.start(sink, controller.signal);
      sampler.start();
      const { path = '/', url: absoluteUrl, ...loadOptions } = spec.load;
      load = startLoad({
        ...loadOptions,
        url: absoluteUrl ?? new URL(path, url).href,
        durationMs: spec.timeoutMs,
        podHeaders: loadOptions.podHeaders ?? POD_HEADERS,
      });
      loadStartMs = await load.started;
      runTimer = setTimeout(() => controller.abort('the run timeout was reached'), spec.timeoutMs);
      sink({ atMs: loadStartMs, type: 'phase-started', subject: spec.warmupMs > 0 ? 'warmup' : 'steady' });
      // The warmup ends at a known time: record it as such rather than by a timer that could outlive the run.
      if (spec.warmupMs > 0) sink({ atMs: loadStartMs + spec.warmupMs, type: 'phase-started', subject: 'steady' });
      for (const disruption of [...spec.disruptions].sort((a, b) => a.atMs - b.atMs)) {
        await sleepUntil(loadStartMs + disruption.atMs, controller.signal);
        const record: ActionRecord = {
          id: actionId(disruption.spec, disruption.atMs),
          type: disruption.spec.action,
          plannedAtMs: disruption.atMs,
          startedMs: performance.now(),
          podsReplaced: [],
          podsCreated: [],
        };
        actions.push(record);
        sink({ atMs: record.startedMs, type: 'action-started', subject: record.id });
        try {
          const report = await platform.act(toPlatformAction(disruption.spec, disruption.atMs), controller.signal);
          Object.assign(record, {
            finishedMs: report.finishedMs,
            podsReplaced: report.podsReplaced,
            podsCreated: report.podsCreated,
            ...(report.blockedMs === undefined ? {} : { blockedMs: Math.round(report.blockedMs) }),
          });
          sink({ atMs: report.finishedMs, type: 'action-finished', subject: record.id });
        } catch (err) {
          record.error = controller.signal.aborted ? String(controller.signal.reason) : (err as Error).message;
          throw err;
        }
      }
      sink({ atMs: performance.now(), type: 'phase-started', subject: 'cooldown' });
      await sleep(spec.cooldownMs, controller.signal);
    } catch (err) {
      if (!controller.signal.aborted) error = err;
    } finally {
      clearTimeout(runTimer);
      load?.stop();
    }
    let loadResult: LoadResult | undefined;
    try {
      loadResult = load ? await load.done : undefined;
    } catch (err) {
      error ??= err;
    } finally {
      // The platform is restored whatever the load did: no replica outlives the run.
      sampler.stop();
      await platform.restore();
    }
    const interrupted = controller.signal.aborted && controller.signal.reason === 'interrupted';
    if (!loadResult) return { result: undefined, outDir, error: error ?? controller.signal.reason, interrupted };
    const incomplete = controller.signal.aborted
      ? String(controller.signal.reason)
      : error === undefined
        ? undefined
        : (error as Error).message;
    const result = assemble(spec, platform, loadResult, loadStartMs, timeline, actions, incomplete);
    // Tagged with their phase, so a rollout's surge (new pods starting) stands apart from steady usage.
    const samples = sampler.samples().map((sample) => {
      const atMs = Math.round(sample.atMs - loadStartMs);
      const phase = result.phases.find((candidate) => atMs >= candidate.fromMs && atMs < candidate.toMs)?.name;
      return { ...sample, atMs, ...(phase === undefined ? {} : { phase }) };
    });
    result.resources = { intervalMs: spec.sampleIntervalMs, samples };
    await writeFile(join(outDir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    return { result, outDir, error, interrupted };
  };

  (handle as { done: Promise<RunOutcome> }).done = execute();
  return handle;
}

/** The processes to sample: every replica still running (terminating ones too: their shutdown costs count). */
export function samplingTargets(platform: LocalPlatform): ProcessTarget[] {
  return platform
    .pods()
    .filter((pod) => pod.phase !== 'exited' && pod.pid !== undefined)
    .map((pod) => ({ pod: pod.name, pid: pod.pid as number }));
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
