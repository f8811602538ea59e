import { ApiException, type ConfigurationOptions } from '@kubernetes/client-node';
// The object-parameter APIs take middleware returning the client's own Observable stub, which the package index
// does not export (1.4.0 is pinned: see package.json).
import { of } from '@kubernetes/client-node/dist/gen/rxjsStub.js';

/** The `Status` an API error carries, as far as the client hands it over. */
export interface ApiStatus {
  code: number;
  reason?: string;
  message?: string;
  causes: { reason?: string; message?: string }[];
}

/** The HTTP status and Status body of a failed call (the client leaves the body as text), or undefined. */
export function apiStatusOf(error: unknown): ApiStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  let status: { reason?: string; message?: string; details?: { causes?: ApiStatus['causes'] } } = {};
  try {
    status = typeof error.body === 'string' ? JSON.parse(error.body) : (error.body ?? {});
  } catch {
    // not JSON (a proxy's error page): the code alone
  }
  return {
    code: error.code,
    ...(status.reason === undefined ? {} : { reason: status.reason }),
    ...(status.message === undefined ? {} : { message: status.message }),
    causes: status.details?.causes ?? [],
  };
}

/**
 * The HTTP status of a failed client-node call (a watch's error carries it as `statusCode`), or undefined when
 * no answer came (connection, TLS, timeout).
 */
export function statusCodeOf(err: unknown): number | undefined {
  return apiStatusOf(err)?.code ?? (err as { statusCode?: number } | null)?.statusCode;
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/**
 * A short sentence for people: the server's Status message (403: "… is forbidden: User … cannot …"); for a 401,
 * which comes without one, what it means; else the error's own message.
 */
export function apiErrorMessage(err: unknown): string {
  const status = apiStatusOf(err);
  if (status?.code === 401) return 'Unauthorized (401): the API server no longer accepts these credentials';
  if (status !== undefined) return status.message || `HTTP ${status.code}`;
  if (err instanceof Error) {
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return 'no answer before the timeout';
    // node-fetch's "request to <url with its query> failed, reason: …": the reason, the same for every request.
    const reason = err.name === 'FetchError' ? /, reason: (.*)$/s.exec(err.message)?.[1] : undefined;
    return reason === undefined ? err.message : `connection failed: ${reason}`;
  }
  return String(err);
}

/** Per-call options that set each request's signal to `signalOf()` (the transport adds its own deadline). */
export function signalOptions(signalOf: () => AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(signalOf());
          return of(context);
        },
        post: (response) => of(response),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/**
 * Per-call options that abort a request after `timeoutMs`, for clients made without the platform's transport
 * (doctor's): client-node 1.4 has no timeout of its own. A fresh signal per request.
 */
export function requestTimeout(timeoutMs: number): ConfigurationOptions {
  return signalOptions(() => AbortSignal.timeout(timeoutMs));
}
