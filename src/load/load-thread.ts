import { Worker } from 'node:worker_threads';
import { fromErrorData } from '../core/error-data.js';
import { InternalError } from '../core/errors.js';
import type { LoadResult } from '../core/result.js';
import { workerModuleUrl } from '../core/worker-module.js';
import { clockPair, fromHrNs } from './clock-pair.js';
import type { LoadProgress } from './engine.js';
import type { FromLoadThread, LoadThreadData, ToLoadThread } from './load-thread-messages.js';
import { type LoadOptions, resolveLoadOptions } from './options.js';
import type { LoadRun } from './run-load.js';

/** How often the load's thread reports its progress, ms: a progress line redraws a few times a second. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Starts a load as `startLoad` does, on a thread of its own (a worker thread).
 *
 * Why: in `rollbench run` the same process watches the cluster and drives its actions through
 * `@kubernetes/client-node`. Its work around a rollout (deserialising watch events and lists, TLS, its
 * promise chains) ran in 8–15 ms stretches on the load's event loop, and every send due meanwhile left late: a
 * local rollout sent 0.26 % of its requests more than 10 ms late. On its own thread the load has an event loop
 * and a heap (so a garbage collection) of its own, and nothing of the platform's runs on it.
 *
 * Bad options are refused here, before the thread starts, with the same errors `startLoad` throws. `progress()`
 * gives the thread's last report (at most 100 ms old). `started` is on this thread's performance.now() clock.
 */
export function startLoadOnThread(options: LoadOptions): LoadRun {
  const resolved = resolveLoadOptions(options);
  const data: LoadThreadData = { options, progressIntervalMs: PROGRESS_INTERVAL_MS };
  const worker = new Worker(workerModuleUrl('load-thread-worker.js', import.meta.url), { workerData: data });
  const pair = clockPair();
  let progress: LoadProgress = {
    elapsedMs: 0,
    durationMs: resolved.durationMs,
    requests: 0,
    failed: 0,
    inFlight: 0,
    outcomes: new Map(),
  };
  let settled = false;
  let resolveStarted: (startMs: number) => void = () => {};
  const started = new Promise<number>((resolve) => {
    resolveStarted = resolve;
  });
  const done = new Promise<LoadResult>((resolve, reject) => {
    const end = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      // The thread ends by itself once it has reported; a handle left open there must not keep this process.
      void worker.terminate();
    };
    const fail = (error: Error) =>
      end(() => {
        // Nobody waits on `started` forever: it settles whatever happens, as `startLoad`'s does.
        resolveStarted(performance.now());
        reject(error);
      });
    worker.on('message', (message: FromLoadThread) => {
      if (message.type === 'started') resolveStarted(fromHrNs(pair, message.startHrNs));
      else if (message.type === 'progress') progress = message.progress;
      else if (message.type === 'done') {
        progress = message.progress;
        end(() => resolve(message.result));
      } else fail(fromErrorData(message.error));
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) =>
      fail(new InternalError(`the load's thread ended (exit code ${code}) before its result`)),
    );
  });
  const send = (message: ToLoadThread) => {
    if (!settled) worker.postMessage(message);
  };
  return {
    done,
    started,
    stop: () => send('stop'),
    abort: () => send('abort'),
    progress: () => progress,
  };
}
