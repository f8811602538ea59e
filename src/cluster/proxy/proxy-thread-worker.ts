import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { KUBE_PROXY_THREAD_NAME } from '../../core/kube-proxy-thread.js';
import { startProxy } from './index.js';
import type { FromProxyThread, ToProxyThread } from './proxy-thread-messages.js';
import type { LocalProxy } from './types.js';

/**
 * The kube-proxy's thread (see `proxy-thread.ts` for why): one proxy per NodePort listener, opened, routed and
 * closed as the cluster's thread says. Messages are handled in order; one for a listener still opening waits for it.
 */
function serve(port: NonNullable<typeof parentPort>): void {
  // Named so that `top -H`, and the run's report, tell this thread's CPU from the rest of the cluster's (Linux).
  try {
    writeFileSync('/proc/thread-self/comm', KUBE_PROXY_THREAD_NAME);
  } catch {
    // Not Linux: the thread is unnamed, and its CPU counts with the cluster's.
  }
  const post = (message: FromProxyThread) => port.postMessage(message);
  const proxies = new Map<string, Promise<LocalProxy | undefined>>();
  port.on('message', (message: ToProxyThread) => {
    switch (message.type) {
      case 'open': {
        const opening = startProxy(message.settings).then(
          (proxy) => {
            post({ type: 'opened', key: message.key });
            return proxy;
          },
          (error: unknown) => {
            post({ type: 'open-failed', key: message.key, message: String(error) });
            return undefined;
          },
        );
        proxies.set(message.key, opening);
        break;
      }
      case 'endpoints':
        void proxies.get(message.key)?.then((proxy) => {
          if (proxy === undefined) return;
          const wanted = new Map(message.wanted);
          for (const [name, endpointPort] of wanted) proxy.addEndpoint(name, endpointPort);
          for (const name of proxy.routedEndpoints()) if (!wanted.has(name)) proxy.removeEndpoint(name);
        });
        break;
      case 'close': {
        const opening = proxies.get(message.key);
        proxies.delete(message.key);
        void Promise.resolve(opening?.then((proxy) => proxy?.close())).then(() =>
          post({ type: 'closed', key: message.key }),
        );
        break;
      }
      case 'close-all': {
        const closing = [...proxies.values()].map(async (opening) => (await opening)?.close());
        proxies.clear();
        void Promise.all(closing).then(() => post({ type: 'all-closed' }));
        break;
      }
    }
  });
}

if (parentPort !== null) serve(parentPort);
