import { join } from 'node:path';
import type { ResourceSample } from '../core/resource-sample.js';
import type { PlatformInfo, RestoreReport, RunResult, WorkloadRecord } from '../core/run-result.js';
import type { TimelineEvent } from '../core/timeline.js';
import type { WorkloadSettings } from '../core/workload.js';
import type { LoadRun } from '../load/run-load.js';
import { PeriodicSampler } from '../observe/periodic-sampler.js';
import { createPlatform } from '../platform/index.js';
import { clearPreviousRun, type RunHandle, type RunOutcome, RunSession } from './session.js';
import type { RunSpec } from './spec.js';

/** What a driver works with once the target is up. */
export interface DriveContext {
  /** The URL the platform says to load. */
  url: string;
  session: RunSession;
  /** Puts an event on the run's timeline (`atMs`: performance.now()). */
  record(event: TimelineEvent): void;
  /** The resource samples so far (`atMs`: performance.now()). */
  samples(): ResourceSample[];
}

/** What the lifecycle hands a driver to assemble the result from; times on the performance.now() clock. */
export interface RunRecord {
  startedAt: Date;
  scenario: RunResult['scenario'];
  platform: PlatformInfo;
  /** The URL the platform gave; absent when start-up did not get that far. */
  url?: string;
  timeline: TimelineEvent[];
  samples: ResourceSample[];
  workload?: WorkloadRecord;
  restored: RestoreReport;
  /** Why the run did not complete, if it did not. */
  incomplete?: string;
}

/**
 * What differs between kinds of run: a disruption timeline under one load, or a load per capacity step. The
 * lifecycle calls `drive` once the target is up, `finish` whatever happened, then `assemble`.
 */
export interface RunDriver<R> {
  /** Loads and actions, in order, until done or `session.signal` aborts. */
  drive(context: DriveContext): Promise<void>;
  /** Ends what `drive` left under way (stops its load gracefully) and waits for it; rejects with its failure. */
  finish(): Promise<void>;
  /** The load under way, for the progress line and stop/abort. */
  load(): LoadRun | undefined;
  assemble(record: RunRecord): R;
}

async function settingsOf(read: () => Promise<WorkloadSettings>): Promise<WorkloadSettings | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/** What the caller hears of a run while it goes on, besides its status. */
export interface RunHooks {
  /** Told once per cause what the platform runs without (no metrics API, a watch retrying, drain warnings). */
  onWarning?: (message: string) => void;
}

/**
 * One run, whatever drives it: platform start → observe → the driver (loads, actions) → load stopped →
 * platform restored → result assembled → written. Whatever happens — success, an action failing, Ctrl-C, the run
 * timeout, an exception — the load is stopped before the platform is restored (so the restore causes no failures
 * of its own), the platform is restored, and what was measured is written.
 */
export function startLifecycle<R>(
  spec: RunSpec,
  outDir: string,
  driver: RunDriver<R>,
  hooks: RunHooks = {},
): RunHandle<R> {
  const platform = createPlatform(spec.target, { logDir: join(outDir, 'logs'), ...hooks });
  const session = new RunSession(platform, spec, outDir);
  const timeline: TimelineEvent[] = [];
  const record = (event: TimelineEvent) => {
    timeline.push(event);
  };
  const sampler = new PeriodicSampler(() => platform.sample(), spec.sampleIntervalMs);

  const execute = async (): Promise<RunOutcome<R>> => {
    const { signal } = session;
    const startedAt = new Date();
    const observeStop = new AbortController();
    let observing: Promise<void> | undefined;
    let url: string | undefined;
    let before: WorkloadSettings | undefined;
    let error: unknown;
    try {
      await clearPreviousRun(outDir);
      ({ url } = await platform.start(signal));
      session.started();
      observing = platform.observe(record, observeStop.signal);
      observing.catch(() => {}); // awaited after the restore; never an unhandled rejection meanwhile
      before = await platform.settings();
      sampler.start();
      await driver.drive({ url, session, record, samples: () => sampler.samples() });
    } catch (err) {
      if (!signal.aborted) error = err;
    } finally {
      session.stopTimeout();
      await driver.finish().catch((err: unknown) => {
        error ??= err;
      });
    }
    const after = url === undefined ? undefined : await settingsOf(() => platform.settings());
    sampler.stop();
    // The platform is restored whatever happened: no replica outlives the run, no node stays cordoned.
    const restored = await platform.restore();
    observeStop.abort();
    // Events from a start-up that never finished are delivered by an observe() called with an aborted signal.
    await (observing ?? platform.observe(record, observeStop.signal)).catch(() => {});
    const incomplete = session.incomplete(error);
    const result = driver.assemble({
      startedAt,
      scenario: { name: spec.name, ...(spec.file === undefined ? {} : { file: spec.file }), asRun: spec.asRun },
      platform: platform.describe(),
      ...(url === undefined ? {} : { url }),
      timeline,
      samples: sampler.samples(),
      ...(before === undefined ? {} : { workload: { before, ...(after === undefined ? {} : { after }) } }),
      restored,
      ...(incomplete === undefined ? {} : { incomplete }),
    });
    return session.conclude(result, error);
  };

  return session.handle(execute(), () => driver.load());
}
