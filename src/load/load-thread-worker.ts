import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../core/error-data.js';
import { clockPair, toHrNs } from './clock-pair.js';
import type { FromLoadThread, LoadThreadData, ToLoadThread } from './load-thread-messages.js';
import { startLoad } from './run-load.js';

/**
 * The load's own thread (see `load-thread.ts` for why): runs one load as `startLoad` does in the thread that asked,
 * and reports to it — when the judged load starts (as process.hrtime ns: each thread's performance.now() counts
 * from its own start), its progress every `progressIntervalMs`, and its result or failure; then ends.
 */
function serve(port: NonNullable<typeof parentPort>, data: LoadThreadData): void {
  const post = (message: FromLoadThread) => port.postMessage(message);
  const pair = clockPair();
  const run = startLoad(data.options);
  run.started.then((startMs) => post({ type: 'started', startHrNs: toHrNs(pair, startMs) }));
  const ticker = setInterval(() => post({ type: 'progress', progress: run.progress() }), data.progressIntervalMs);
  port.on('message', (message: ToLoadThread) => {
    if (message === 'stop') run.stop();
    else if (message === 'abort') run.abort();
  });
  const end = (message: FromLoadThread) => {
    clearInterval(ticker);
    post(message);
    port.close();
  };
  run.done.then(
    (result) => end({ type: 'done', result, progress: run.progress() }),
    (error: unknown) => end({ type: 'failed', error: toErrorData(error) }),
  );
}

if (parentPort !== null) serve(parentPort, workerData as LoadThreadData);
