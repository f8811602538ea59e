import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../core/error-data.js';
import type { LoadResult } from '../core/result.js';
import { clockPair, toHrNs } from './clock-pair.js';
import type { FromLoadThread, LoadThreadData, ToLoadThread } from './load-thread-messages.js';
import { startLoad } from './run-load.js';
import { type ThreadSchedule, threadSchedule } from './thread-cpu.js';

/**
 * The load's own thread (see `load-thread.ts` for why): runs one load as `startLoad` does in the thread that asked,
 * and reports to it — when the judged load starts (as process.hrtime ns: each thread's performance.now() counts
 * from its own start), its progress every `progressIntervalMs`, and its result or failure; then ends.
 */
function serve(port: NonNullable<typeof parentPort>, data: LoadThreadData): void {
  const post = (message: FromLoadThread) => port.postMessage(message);
  const pair = clockPair();
  const run = startLoad(data.options);
  // This thread's own CPU counts from the judged start, as the generator's does (a warm-up ends there).
  let atStart: ThreadSchedule | undefined;
  run.started.then((startMs) => {
    post({ type: 'started', startHrNs: toHrNs(pair, startMs) });
    setTimeout(() => (atStart = threadSchedule()), Math.max(0, startMs - performance.now()));
  });
  const memory = new PeakMemory();
  const ticker = setInterval(() => {
    memory.sample();
    post({ type: 'progress', progress: run.progress() });
  }, data.progressIntervalMs);
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
    (result) =>
      end({ type: 'done', result: withLoadThread(result, atStart, memory.sample()), progress: run.progress() }),
    (error: unknown) => end({ type: 'failed', error: toErrorData(error) }),
  );
}

/**
 * This thread's own memory: its V8 heap and what the heap holds outside itself (buffers, the histograms'
 * WebAssembly memory) — per isolate, so the rest of the process is not in it. The most seen: sampled with each
 * progress report and at the end (a heap this thread's GC never shrinks much, with the memory reducer off).
 */
class PeakMemory {
  #peakBytes = 0;

  sample(): number {
    const heap = getHeapStatistics();
    this.#peakBytes = Math.max(this.#peakBytes, heap.total_heap_size + heap.external_memory);
    return this.#peakBytes;
  }
}

/** `result` with this thread's own CPU and wait for a CPU since `atStart` (when the OS says), and its memory. */
function withLoadThread(result: LoadResult, atStart: ThreadSchedule | undefined, peakMemoryBytes: number): LoadResult {
  const atEnd = threadSchedule();
  const { durationMs, drainMs, generator } = result.summary;
  if (atStart === undefined || atEnd === undefined || durationMs + drainMs <= 0) return result;
  const cpuUs = Math.round((atEnd.onCpuNs - atStart.onCpuNs) / 1000);
  const loadThread = {
    cpuUs,
    cpuPercentOfCore: Math.round((cpuUs / 10 / (durationMs + drainMs)) * 10) / 10,
    waitedForCpuMs: Math.round((atEnd.waitingNs - atStart.waitingNs) / 1e5) / 10,
    peakMemoryBytes,
  };
  return { ...result, summary: { ...result.summary, generator: { ...generator, loadThread } } };
}

if (parentPort !== null) serve(parentPort, workerData as LoadThreadData);
