import type { ProxyMode } from './types.js';

/** A NodePort's proxy as kube-proxy asks for it. */
export interface ListenerSettings {
  mode: ProxyMode;
  propagationDelayMs: number;
  jitterMs: number;
  port: number;
}

/** To the proxy thread. Each names its listener by a key of kube-proxy's (`<namespace>/<service>:<nodePort>`). */
export type ToProxyThread =
  | { type: 'open'; key: string; settings: ListenerSettings }
  /** The endpoints to route to now, as pod name → loopback port; the rest are removed (after the delay). */
  | { type: 'endpoints'; key: string; wanted: Array<[string, number]> }
  | { type: 'close'; key: string }
  | { type: 'close-all' };

/** From the proxy thread: the answer to an `open` or a `close`/`close-all`. */
export type FromProxyThread =
  | { type: 'opened'; key: string }
  | { type: 'open-failed'; key: string; message: string }
  | { type: 'closed'; key: string }
  | { type: 'all-closed' };
