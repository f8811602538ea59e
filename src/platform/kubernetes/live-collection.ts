import { type Change, type KubeItem, Reflector, type ReflectorOptions } from './watch-resume.js';

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

  private constructor(options: Omit<ReflectorOptions<T>, 'onChange'> & { onChange?(change: Change<T>): void }) {
    this.#reflector = new Reflector<T>({
      ...options,
      onChange: (change) => {
        options.onChange?.(change);
        this.#notify();
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
    options: Omit<ReflectorOptions<T>, 'onChange'> & { onChange?(change: Change<T>): void },
    signal: AbortSignal,
  ): Promise<LiveCollection<T>> {
    const collection = new LiveCollection<T>(options);
    collection.#running = collection.#reflector.run(AbortSignal.any([signal, collection.#stop.signal]));
    await collection.until(() => (collection.#synced ? true : undefined), signal);
    return collection;
  }

  items(): T[] {
    return this.#reflector.items();
  }

  /**
   * Resolves with the first value `check` returns other than undefined, checked now and after every change;
   * rejects with `signal`'s reason when it aborts first, or with what `check` throws.
   */
  until<R>(check: () => R | undefined, signal: AbortSignal): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        this.#waiters.delete(evaluate);
        signal.removeEventListener('abort', onAbort);
        outcome();
      };
      const evaluate = () => {
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

  /** Stops watching; resolves once the watch has ended. */
  async close(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }
}
