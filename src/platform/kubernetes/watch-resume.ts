import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { pause } from './pause.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestTimeoutError } from './transport.js';

/** The metadata every listed or watched object carries. */
export interface KubeItem {
  metadata?: { uid?: string; name?: string; namespace?: string; resourceVersion?: string };
}

/**
 * How a change became known: `initial` from the first list (the state before observing began), `watch` from a
 * watch event, `relist` from a list after the watch could not resume (410 Gone): a difference between what was
 * known and what the list shows, which happened at some moment while the watch was down.
 */
export type ChangeOrigin = 'initial' | 'watch' | 'relist';

/** One object's step from `previous` to `current` (undefined: absent); `atMs` is the arrival, performance.now(). */
export interface Change<T> {
  previous: T | undefined;
  current: T | undefined;
  atMs: number;
  origin: ChangeOrigin;
}

export interface ReflectorOptions<T extends KubeItem> {
  kubeConfig: KubeConfig;
  /** How long a watch may take to be answered (its headers) before it counts as failed, ms; default 30 000. */
  openTimeoutMs?: number;
  /** The collection's path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: { labelSelector?: string; fieldSelector?: string };
  /** Lists the same collection with the same selectors. */
  list(): Promise<{ metadata?: { resourceVersion?: string }; items: T[] }>;
  onChange(change: Change<T>): void;
  /** A list or watch that failed and will be retried. */
  onError?(error: unknown): void;
  /** Delay before retrying after an error, ms (default 1000). */
  retryDelayMs?: number;
}

/** How long the last list after watching stopped (`catchUp`) may take, ms. */
const CATCH_UP_TIMEOUT_MS = 5000;

/** The first pause after an error that follows another, ms. */
const FIRST_RETRY_MS = 50;

const keyOf = (item: KubeItem) => item.metadata?.uid ?? `${item.metadata?.namespace ?? ''}/${item.metadata?.name}`;

/**
 * List-then-watch of one collection, like client-go's reflector but with every change handed over exactly once:
 * the watch starts from the list's resourceVersion with bookmarks, resumes from the newest version seen (bookmarks
 * included) when the stream ends or breaks, and on 410 Gone lists again and reports the difference against what
 * it knew, so nothing that happened while disconnected is lost and nothing seen is reported twice.
 */
export class Reflector<T extends KubeItem> {
  readonly #options: ReflectorOptions<T>;
  readonly #known = new Map<string, T>();
  #resourceVersion = '';
  #listed = false;
  /** Since when every list and watch has failed (performance.now()), or undefined while the server answers. */
  #failingSinceMs: number | undefined;
  #synced: () => void = () => {};
  /** Resolves once the first list has been reported. */
  readonly synced: Promise<void>;

  constructor(options: ReflectorOptions<T>) {
    this.#options = options;
    this.synced = new Promise((resolve) => {
      this.#synced = resolve;
    });
  }

  /** The objects as last seen. */
  items(): T[] {
    return [...this.#known.values()];
  }

  /** How long every list and watch has failed, ms: 0 while the server answers. */
  failingForMs(): number {
    return this.#failingSinceMs === undefined ? 0 : performance.now() - this.#failingSinceMs;
  }

  /**
   * Lists and watches until `signal` aborts. A broken list or watch is retried at once, then after a pause that
   * doubles up to `retryDelayMs`; a watch that delivered something resets it.
   */
  async run(signal: AbortSignal): Promise<void> {
    const maxDelayMs = this.#options.retryDelayMs ?? 1000;
    let delayMs = 0;
    const backOff = async (error: unknown) => {
      this.#failingSinceMs ??= performance.now();
      this.#options.onError?.(error);
      await pause(delayMs, signal);
      delayMs = Math.min(maxDelayMs, Math.max(FIRST_RETRY_MS, delayMs * 2));
    };
    while (!signal.aborted) {
      if (this.#resourceVersion === '') {
        try {
          await this.#relist();
        } catch (error) {
          if (signal.aborted) break;
          await backOff(error);
          continue;
        }
      }
      const openedMs = performance.now();
      const ended = await this.#watchOnce(signal);
      if (signal.aborted) break;
      if (ended.received) delayMs = 0;
      if (ended.expired) this.#resourceVersion = '';
      else if (ended.error !== undefined) await backOff(ended.error);
      else if (!ended.received && performance.now() - openedMs < 100) {
        // A server that closes watches at once would otherwise be asked again in a tight loop.
        await pause(maxDelayMs, signal);
      }
    }
  }

  /**
   * One last list after `run` has ended, so that what the watch had not delivered yet (a pod created a moment
   * before the run failed) is still reported, dated as a re-list is. Gives up after `timeoutMs`; a failure or a
   * late answer changes nothing.
   */
  async catchUp(timeoutMs = CATCH_UP_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, undefined);
    });
    try {
      const listed = await Promise.race([this.#options.list(), late]);
      if (listed !== undefined) this.#applyList(listed);
    } catch {
      // What was reported stands.
    } finally {
      clearTimeout(timer);
    }
  }

  async #relist(): Promise<void> {
    this.#applyList(await this.#options.list());
  }

  #applyList(listed: { metadata?: { resourceVersion?: string }; items: T[] }): void {
    const atMs = performance.now();
    const origin: ChangeOrigin = this.#listed ? 'relist' : 'initial';
    const seen = new Set<string>();
    for (const item of listed.items) {
      const key = keyOf(item);
      seen.add(key);
      this.#apply(key, item, atMs, origin);
    }
    for (const [key, previous] of [...this.#known]) {
      if (seen.has(key)) continue;
      this.#known.delete(key);
      this.#options.onChange({ previous, current: undefined, atMs, origin });
    }
    this.#resourceVersion = listed.metadata?.resourceVersion ?? '';
    this.#listed = true;
    this.#failingSinceMs = undefined;
    this.#synced();
  }

  /** Records `item` and reports it unless it is the version already known (a replay after resuming). */
  #apply(key: string, item: T, atMs: number, origin: ChangeOrigin): void {
    const previous = this.#known.get(key);
    if (previous?.metadata?.resourceVersion === item.metadata?.resourceVersion && previous !== undefined) return;
    this.#known.set(key, item);
    this.#options.onChange({ previous, current: item, atMs, origin });
  }

  #watchOnce(signal: AbortSignal): Promise<{ expired: boolean; error?: unknown; received: boolean }> {
    const { kubeConfig, path, query } = this.#options;
    const openTimeoutMs = this.#options.openTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    // client-node 1.4's watch() takes no signal and hands over its abort only once the server has answered: a
    // server that never answers would hold it (and the process) forever. Its connection is dropped through the
    // agent instead, which the KubeConfig makes for each watch.
    let agent: { destroy(): void } | undefined;
    const watch = new Watch({
      getCurrentCluster: () => kubeConfig.getCurrentCluster(),
      applyToFetchOptions: async (init: object) => {
        const applied = await kubeConfig.applyToFetchOptions(init);
        agent = applied.agent as { destroy(): void } | undefined;
        return applied;
      },
    } as unknown as KubeConfig);
    return new Promise((resolve) => {
      let expired = false;
      let ended = false;
      let received = false;
      let opened = false;
      let stop: (() => void) | undefined;
      const unanswered = setTimeout(() => {
        if (opened) return;
        onDone(new RequestTimeoutError('GET', `${kubeConfig.getCurrentCluster()?.server}${path}`, openTimeoutMs));
        agent?.destroy();
      }, openTimeoutMs);
      const onAbort = () => {
        stop?.();
        if (!opened) agent?.destroy();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const onEvent = (type: string, object: T & { code?: number }) => {
        if (ended) return;
        const atMs = performance.now();
        received = true;
        this.#failingSinceMs = undefined;
        if (type === 'ERROR') {
          // The server ends the stream after an ERROR; 410 means the version is gone: list again.
          if (object?.code === 410) expired = true;
          return;
        }
        const version = object?.metadata?.resourceVersion;
        if (version) this.#resourceVersion = version;
        if (type === 'BOOKMARK') return;
        const key = keyOf(object);
        if (type === 'DELETED') {
          const previous = this.#known.get(key);
          if (previous === undefined) return;
          this.#known.delete(key);
          this.#options.onChange({ previous, current: undefined, atMs, origin: 'watch' });
        } else this.#apply(key, object, atMs, 'watch');
      };
      const onDone = (error: unknown) => {
        if (ended) return;
        ended = true;
        clearTimeout(unanswered);
        signal.removeEventListener('abort', onAbort);
        const statusCode = (error as { statusCode?: number } | null)?.statusCode;
        const aborted = (error as { name?: string } | null)?.name === 'AbortError';
        resolve({
          expired: expired || statusCode === 410,
          ...(error === null || error === undefined || aborted || statusCode === 410 ? {} : { error }),
          received,
        });
      };
      const params = { ...query, resourceVersion: this.#resourceVersion, allowWatchBookmarks: true };
      watch.watch(path, params, onEvent, onDone).then((controller) => {
        opened = true;
        clearTimeout(unanswered);
        if (!ended) this.#failingSinceMs = undefined; // the server answered 200: the stream is open
        stop = () => controller.abort();
        if (signal.aborted || ended) controller.abort();
      }, onDone);
    });
  }
}
