import { Worker } from 'node:worker_threads';
import { workerModuleUrl } from '../../core/worker-module.js';
import type { FromProxyThread, ListenerSettings, ToProxyThread } from './proxy-thread-messages.js';

/**
 * kube-proxy's listeners, on a thread of their own. On a node, kube-proxy (or an ingress controller) is a process
 * of its own: proxied requests do not wait while the API server encodes a list or a watch fans out, and its CPU is
 * not the API server's. Here the API server, controllers and kubelet share the cluster's event loop, so the proxy
 * runs beside them on its own thread: its latency is not theirs, and its CPU is reported apart (`KUBE_PROXY_THREAD_NAME`).
 */
export class ProxyThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<string, Array<(message: FromProxyThread) => void>>();
  readonly #exited: Promise<void>;

  constructor(logError: (message: string) => void) {
    this.#worker = new Worker(workerModuleUrl('proxy-thread-worker.js', import.meta.url));
    this.#worker.on('message', (message: FromProxyThread) => {
      const key = message.type === 'all-closed' ? '' : message.key;
      this.#waiting.get(key)?.shift()?.(message);
    });
    this.#worker.on('error', (error) => logError(`kube-proxy thread failed: ${error.stack ?? String(error)}`));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // The cluster exits when its API server closes; the proxy thread must not hold it up.
    this.#worker.unref();
  }

  /** Opens a listener; resolves with why it could not listen, or undefined once it listens. */
  async open(key: string, settings: ListenerSettings): Promise<string | undefined> {
    const answer = await this.#ask({ type: 'open', key, settings }, key);
    return answer.type === 'open-failed' ? answer.message : undefined;
  }

  /** Routes the listener to `wanted` (pod name → loopback port): additions at once, removals after the delay. */
  setEndpoints(key: string, wanted: ReadonlyMap<string, number>): void {
    this.#post({ type: 'endpoints', key, wanted: [...wanted] });
  }

  /** Closes one listener and its connections. */
  async close(key: string): Promise<void> {
    await this.#ask({ type: 'close', key }, key);
  }

  /** Closes every listener, then ends the thread. */
  async stop(): Promise<void> {
    await Promise.race([this.#ask({ type: 'close-all' }, ''), this.#exited]);
    await this.#worker.terminate();
  }

  #post(message: ToProxyThread): void {
    this.#worker.postMessage(message);
  }

  /** Posts `message` and resolves with the thread's next answer for `key` (answers for one key come in order). */
  #ask(message: ToProxyThread, key: string): Promise<FromProxyThread> {
    return new Promise((resolve, reject) => {
      const queue = this.#waiting.get(key) ?? [];
      this.#waiting.set(key, queue);
      queue.push(resolve);
      this.#exited.then(() => reject(new Error('the kube-proxy thread has ended')));
      this.#post(message);
    });
  }
}
