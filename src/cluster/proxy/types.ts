/**
 * `l7`: an HTTP reverse proxy routing each request (an ingress controller, Envoy, nginx).
 * `l4`: a TCP proxy routing each connection (kube-proxy).
 */
export type ProxyMode = 'l7' | 'l4';

export interface ProxyOptions {
  /** Default `l7`. */
  mode?: ProxyMode;
  /** How long after `removeEndpoint()` the proxy stops routing to the endpoint, ms. */
  propagationDelayMs: number;
  /** Extra uniformly random delay in `[0, jitterMs]`, drawn per change, ms. Default 0 (none). */
  jitterMs?: number;
  /** Delay additions by the same propagation delay (and jitter) too. Default false: additions apply at once. */
  delayAdditions?: boolean;
  /** Timeline sink, called synchronously for every change. Must not throw: it runs inside timers and sockets. */
  onEvent?: (event: ProxyEvent) => void;
  /**
   * `l7` only: an upstream silent this long, before its response headers (→ 504) or between body chunks (→ the client
   * connection is cut), has failed, ms. Default 30 000. Timed from the socket's last activity.
   */
  upstreamTimeoutMs?: number;
  /** Port to listen on, on 127.0.0.1. Default 0: a free one. */
  port?: number;
}

/**
 * What an upstream failure became for the client: `502` or `504` (l7), `truncated` (l7: the response headers had
 * already gone, so the client connection was cut mid-body) or `reset` (l4: the client connection was reset).
 */
export type UpstreamFailureOutcome = '502' | '504' | 'truncated' | 'reset';

/**
 * A change of the routed set (requested, then effective), or an upstream failure and what the client got for it.
 * `atMs` is this process's `performance.now()`.
 */
export type ProxyEvent =
  | {
      type: 'endpoint-add-requested' | 'endpoint-added' | 'endpoint-remove-requested' | 'endpoint-removed';
      atMs: number;
      endpoint: string;
    }
  | {
      type: 'upstream-error';
      atMs: number;
      endpoint: string;
      /** The failure's class, as an outcome key: `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, `TIMEOUT`, ... */
      code: string;
      outcome: UpstreamFailureOutcome;
    };

/** The local stand-in for a Kubernetes Service: one loopback port in front of the replicas. */
export interface LocalProxy {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly mode: ProxyMode;
  /**
   * Route to `127.0.0.1:port` under `name` (the pod name): at once, or after the propagation delay with
   * `delayAdditions`. Adding a name again with the same port is a no-op; with another port, it replaces the old one.
   */
  addEndpoint(name: string, port: number): void;
  /**
   * Stop routing to `name` once the propagation delay (plus jitter) has passed; until then it is routed to as before.
   * Idempotent; unknown names are ignored.
   */
  removeEndpoint(name: string): void;
  /** Names routed to now (after propagation), in round-robin order. */
  routedEndpoints(): string[];
  /** Close the listener, every connection (client and upstream) and cancel pending changes. Idempotent. */
  close(): Promise<void>;
}

export { UPSTREAM_HEADER } from '../../core/upstream-header.js';
