import { apiErrorMessage, statusCodeOf } from './api-errors.js';
import { type Change, type KubeItem, Reflector, type ReflectorOptions } from './watch-resume.js';

/** The API server has not answered a list or watch for a while: what waits on the collection gives up. */
export class ApiUnreachableError extends Error {
  constructor(failingForMs: number, last: unknown) {
    super(`no answer from the API server for ${Math.round(failingForMs / 1000)} s (last: ${apiErrorMessage(last)})`);
    this.name = 'ApiUnreachableError';
  }
}

export type LiveCollectionOptions<T extends KubeItem> = Omit<ReflectorOptions<T>, 'onChange'> & {
  onChange?(change: Change<T>): void;
  /**
   * Waiting ends with an error once every list and watch has failed for this long, ms (the platform's request
   * deadline), or at once on a 401 or 403: those the watch would only meet again.
   */
  giveUpAfterMs: number;
};

/**
 * A watched collection an action waits on: its conditions are re-evaluated on every change the watch delivers
 * (as `kubectl rollout status` re-evaluates on every Deployment event), never by polling.
 */
export class LiveCollection<T extends KubeItem> {
  readonly #reflector: Reflector<T>;
  readonly #stop = new AbortController();
  readonly #waiters = new Set<() => void>();
  #running: Promise<void> = Promise.resolve();
  #synced = false;
  /** Why waiting on the collection is no use any more. */
  #failure: unknown;

  private constructor(options: LiveCollectionOptions<T>) {
    this.#reflector = new Reflector<T>({
      ...options,
      onChange: (change) => {
        options.onChange?.(change);
        this.#notify();
      },
      onError: (error) => {
        options.onError?.(error);
        const code = statusCodeOf(error);
        const failingForMs = this.#reflector.failingForMs();
        if (code === 401 || code === 403) this.#failure = error;
        else if (failingForMs >= options.giveUpAfterMs) this.#failure = new ApiUnreachableError(failingForMs, error);
        if (this.#failure !== undefined) this.#notify();
      },
    });
    this.#reflector.synced.then(() => {
      this.#synced = true;
      this.#notify();
    });
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Lists, starts watching, and resolves once the list is in (or rejects when `signal` aborts first). */
  static async open<T extends KubeItem>(
    options: LiveCollectionOptions<T>,
    signal: AbortSignal,
  ): Promise<LiveCollection<T>> {
    const collection = new LiveCollection<T>(options);
    collection.#running = collection.#reflector.run(AbortSignal.any([signal, collection.#stop.signal]));
    try {
      await collection.until(() => (collection.#synced ? true : undefined), signal);
    } catch (error) {
      await collection.close();
      throw error;
    }
    return collection;
  }

  items(): T[] {
    return this.#reflector.items();
  }

  /**
   * Resolves with the first value `check` returns other than undefined, checked now and after every change;
   * rejects with `signal`'s reason when it aborts first, with what `check` throws, or when the API server is
   * out of reach (see `giveUpAfterMs`).
   */
  until<R>(check: () => R | undefined, signal: AbortSignal): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        this.#waiters.delete(evaluate);
        signal.removeEventListener('abort', onAbort);
        outcome();
      };
      const evaluate = () => {
        if (this.#failure !== undefined) return finish(() => reject(this.#failure));
        try {
          const value = check();
          if (value !== undefined) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const onAbort = () => finish(() => reject(signal.reason ?? new Error('aborted')));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(evaluate);
      evaluate();
    });
  }

  /**
   * Stops watching; resolves once the watch has ended. With `catchUp`, then lists the collection once more, so that
   * changes the watch had not delivered yet (a pod marked terminating a moment before) are reported too.
   */
  async close({ catchUp = false } = {}): Promise<void> {
    this.#stop.abort();
    await this.#running;
    if (catchUp) await this.#reflector.catchUp();
  }
}
