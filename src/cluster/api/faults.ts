import type { ServerResponse } from 'node:http';
import { ApiError } from './status.js';
import type { ObjectStore } from './store.js';

/** Requests to answer with an error instead of serving them: the next `count` that match. */
export interface FailRule {
  /** The HTTP method (`GET` also covers list and watch); any when absent. */
  method?: string;
  /** Matched against the path and query (`/api/v1/namespaces/default/pods?watch=true`): a prefix or a pattern. */
  path: string | RegExp;
  /** 429, 500, 503, …: answered as a `metav1.Status` with the reason the apiserver gives that code. */
  status: number;
  count: number;
  /** With a 429 (or 503): the `Retry-After` header and `details.retryAfterSeconds`. */
  retryAfterSeconds?: number;
}

const reasons: Record<number, { reason: string; message: string }> = {
  429: { reason: 'TooManyRequests', message: 'Too many requests, please try again later.' },
  500: { reason: 'InternalError', message: 'Internal error occurred: injected fault' },
  503: { reason: 'ServiceUnavailable', message: 'The server is currently unable to handle the request' },
  504: { reason: 'Timeout', message: 'The server was unable to return a response in the time allotted' },
};

/**
 * Faults the embedded API server can be told to show, for testing clients against it (the Kubernetes platform):
 * watch connections dropped, error answers to chosen requests, history compacted so that resuming an old
 * `resourceVersion` is 410 Gone. Only `startCluster({ injectFaults: true })` has them; no CLI flag reaches them.
 */
export class ApiFaults {
  readonly #rules: (FailRule & { remaining: number })[] = [];
  readonly #watches = new Set<ServerResponse>();

  constructor(private readonly store: ObjectStore) {}

  /** Answers the next `rule.count` requests that match with `rule.status`; rules are tried in the order given. */
  failNext(rule: FailRule): void {
    this.#rules.push({ ...rule, remaining: rule.count });
  }

  /** Cuts every open watch connection now (no final event, as when the network or the server goes); returns how many. */
  dropWatches(): number {
    const dropped = this.#watches.size;
    for (const response of this.#watches) response.destroy();
    this.#watches.clear();
    return dropped;
  }

  /** Forgets the write history: a watch resuming from any version before the current one gets 410 Gone. */
  compactHistory(): number {
    return this.store.compact();
  }

  /** Request path: the error to answer instead, when a rule matches (each match uses one of its count). */
  injected(method: string, pathAndQuery: string): ApiError | undefined {
    const rule = this.#rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === method) &&
        (typeof candidate.path === 'string'
          ? pathAndQuery.startsWith(candidate.path)
          : candidate.path.test(pathAndQuery)),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    const { reason, message } = reasons[rule.status] ?? { reason: 'Unknown', message: 'injected fault' };
    return new ApiError(
      rule.status,
      reason,
      message,
      rule.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds },
    );
  }

  /** Request path: a watch stream now open, to be cut by `dropWatches`. */
  watchOpened(response: ServerResponse): void {
    this.#watches.add(response);
    response.once('close', () => this.#watches.delete(response));
  }
}
