import type { LoadResult } from '../core/result.js';
import { type EngineDeps, LoadEngine, type LoadProgress } from './engine.js';
import { type LoadOptions, resolveLoadOptions } from './options.js';

/** A load run in progress. */
export interface LoadRun {
  /** Resolves with the result once the load has ended (completed, stopped or aborted). */
  readonly done: Promise<LoadResult>;
  /** Resolves with the moment the load started (performance.now() ms): bucket times count from it. */
  readonly started: Promise<number>;
  /** Graceful stop: stop sending, let in-flight requests finish (or time out), then resolve. */
  stop(): void;
  /** Abrupt stop: abandon in-flight requests, close connections, resolve with what was measured. */
  abort(): void;
  progress(): LoadProgress;
}

/** Starts sending load as `options` say (see {@link LoadOptions} for units and defaults). */
export function startLoad(options: LoadOptions, deps: EngineDeps = {}): LoadRun {
  const engine = new LoadEngine(resolveLoadOptions(options), deps);
  const done = engine.run();
  return {
    done,
    started: engine.started,
    stop: () => engine.stop(),
    abort: () => engine.abort(),
    progress: () => engine.progress(),
  };
}

/** Sends load for the configured duration and returns what was measured. */
export function runLoad(options: LoadOptions, deps: EngineDeps = {}): Promise<LoadResult> {
  return startLoad(options, deps).done;
}
