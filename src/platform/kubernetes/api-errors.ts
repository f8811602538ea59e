import type { ConfigurationOptions } from '@kubernetes/client-node';
// The object-parameter APIs take middleware returning the client's own Observable stub, which the package index
// does not export (1.4.0 is pinned: see package.json).
import { of } from '@kubernetes/client-node/dist/gen/rxjsStub.js';
import { apiStatusOf } from './client.js';

/**
 * Per-call options that abort a request after `timeoutMs` (client-node 1.4 has no timeout of its own: a request
 * to a black-holed address would wait for the OS). A fresh signal per request.
 */
export function requestTimeout(timeoutMs: number): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return of(context);
        },
        post: (response) => of(response),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** The HTTP status of a failed client-node call, or undefined when no answer came (connection, TLS, timeout). */
export function statusCodeOf(err: unknown): number | undefined {
  return apiStatusOf(err)?.code;
}

/** The server's Status message (403: "… is forbidden: User … cannot …"), else the error's own message. */
export function apiErrorMessage(err: unknown): string {
  const status = apiStatusOf(err);
  if (status !== undefined) return status.message || `HTTP ${status.code}`;
  if (err instanceof Error) {
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return 'no answer before the timeout';
    return err.message;
  }
  return String(err);
}
