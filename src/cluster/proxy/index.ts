/**
 * The local platform's "Service": one loopback port in front of the replicas (each a process on its own port),
 * playing the part of kube-proxy (`l4`) or an ingress controller (`l7`), including the delay before it notices an
 * endpoint change. Removals take effect `propagationDelayMs` (+ jitter) after `removeEndpoint()`, and until then the
 * proxy keeps routing to the endpoint: a pod that exits at once on SIGTERM fails the requests that still reach it,
 * and a preStop sleep longer than the delay avoids that, just as on a cluster.
 *
 * What a client gets when something goes wrong (the proxy never retries; see `l7.ts`):
 *
 * | situation                                   | `l7` (per request)                         | `l4` (per connection)                   |
 * |---------------------------------------------|--------------------------------------------|-----------------------------------------|
 * | no routed endpoint                          | 503                                        | connection reset (client: ECONNRESET) ¹ |
 * | upstream refuses the connection             | 502                                        | connection reset                        |
 * | upstream resets, or closes before answering | 502                                        | connection reset / client side ended ²  |
 * | upstream sends no headers within timeout    | 504                                        | — (no timeout: bytes flow as they come) |
 * | upstream fails after headers were sent      | client connection cut (truncated response) | —                                       |
 * | upstream closes cleanly (FIN)               | — (a new upstream connection is opened)    | client side ended (FIN)                 |
 *
 * ¹ kube-proxy's REJECT rule answers the SYN with ECONNREFUSED; a user-space proxy has already accepted the
 * connection by the time it knows, so a reset is the closest it can do.
 * ² A reset is passed on as a reset, a FIN as a FIN: an app that exits mid-request closes with FIN, so the client sees
 * its connection closed without an answer (undici: `UND_ERR_SOCKET`, "other side closed").
 *
 * `l7` error responses carry `x-rollbench-upstream: <endpoint name>` (502 and 504) and a one-line text body, so a
 * failure can be attributed to a pod. Every upstream failure is also an `upstream-error` event with what it became.
 */
import { usageError } from '../../core/errors.js';
import type { ResolvedProxyOptions } from './base.js';
import { L4Proxy } from './l4.js';
import { L7Proxy } from './l7.js';
import type { LocalProxy, ProxyOptions } from './types.js';

export type {
  LocalProxy,
  ProxyEvent,
  ProxyMode,
  ProxyOptions,
  UpstreamFailureOutcome,
} from './types.js';
export { UPSTREAM_HEADER } from './types.js';

const proxyDefaults = {
  mode: 'l7',
  jitterMs: 0,
  delayAdditions: false,
  upstreamTimeoutMs: 30_000,
  port: 0,
} as const;

function checkMs(name: string, ms: number, min: number): number {
  if (!(Number.isFinite(ms) && ms >= min))
    throw usageError(`proxy ${name} must be a number of ms >= ${min}, got ${ms}`);
  return ms;
}

function resolveProxyOptions(options: ProxyOptions): ResolvedProxyOptions {
  const mode = options.mode ?? proxyDefaults.mode;
  if (mode !== 'l7' && mode !== 'l4') throw usageError(`proxy mode must be l7 or l4, got ${String(mode)}`);
  const port = options.port ?? proxyDefaults.port;
  if (!(Number.isInteger(port) && port >= 0 && port < 65_536)) {
    throw usageError(`proxy port must be an integer in [0, 65535], got ${port}`);
  }
  return {
    mode,
    propagationDelayMs: checkMs('propagationDelayMs', options.propagationDelayMs, 0),
    jitterMs: checkMs('jitterMs', options.jitterMs ?? proxyDefaults.jitterMs, 0),
    delayAdditions: options.delayAdditions ?? proxyDefaults.delayAdditions,
    upstreamTimeoutMs: checkMs('upstreamTimeoutMs', options.upstreamTimeoutMs ?? proxyDefaults.upstreamTimeoutMs, 1),
    port,
    onEvent: options.onEvent,
  };
}

/** Start a proxy listening on 127.0.0.1 (on `port`, default a free one) with no endpoints yet. */
export async function startProxy(options: ProxyOptions): Promise<LocalProxy> {
  const resolved = resolveProxyOptions(options);
  const proxy = resolved.mode === 'l4' ? new L4Proxy(resolved) : new L7Proxy(resolved);
  return proxy.listen();
}
