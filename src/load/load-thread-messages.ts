import type { ErrorData } from '../core/error-data.js';
import type { LoadResult } from '../core/result.js';
import type { LoadProgress } from './engine.js';
import type { LoadOptions } from './options.js';

/** What the load's thread is started with. */
export interface LoadThreadData {
  options: LoadOptions;
  progressIntervalMs: number;
}

/** To the load's thread: a graceful or an abrupt stop (`LoadRun.stop`, `LoadRun.abort`). */
export type ToLoadThread = 'stop' | 'abort';

/** From the load's thread. */
export type FromLoadThread =
  /** The judged load starts (or started) at this process.hrtime, ns. */
  | { type: 'started'; startHrNs: number }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'done'; result: LoadResult; progress: LoadProgress }
  | { type: 'failed'; error: ErrorData };
