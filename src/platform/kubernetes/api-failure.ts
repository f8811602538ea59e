import type { KubeConfig } from '@kubernetes/client-node';
import { PlatformError, PlatformForbiddenError, PlatformUnreachableError } from '../../core/errors.js';
import { apiErrorMessage, statusCodeOf } from './api-errors.js';
import { RequestTimeoutError } from './transport.js';

/** The API server said nothing: the connection was refused or dropped, or no answer came before the deadline. */
function noAnswer(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  const name = (error as { name?: string } | null)?.name;
  // node-fetch's error for a failed connection or TLS handshake; an unreachable watch's (see LiveCollection).
  return name === 'FetchError' || name === 'ApiUnreachableError';
}

/**
 * A failed API call as a person should read it, naming what was under way (`doing`): a 401 or 403 and an API
 * server that does not answer are the platform refusing or unreachable (exit 5, with a hint saying what to fix);
 * another API error keeps the server's message; anything else (kubectl's own errors) passes through as it is.
 */
export function apiFailure(error: unknown, doing: string, kubeConfig: KubeConfig): unknown {
  const server = kubeConfig.getCurrentCluster()?.server ?? 'the cluster';
  const context = kubeConfig.getCurrentContext();
  const code = statusCodeOf(error);
  if (code === 401) {
    return new PlatformForbiddenError(
      `${doing}: the API server at ${server} no longer accepts the credentials of context "${context}" (401 Unauthorized: revoked or expired during the run?)`,
      {
        code: 'KUBERNETES_UNAUTHORIZED',
        hint: `get fresh credentials for context "${context}", then run again (\`rollbench doctor\` checks them)`,
        cause: error,
      },
    );
  }
  if (code === 403) {
    return new PlatformForbiddenError(`${doing}: ${apiErrorMessage(error)}`, { cause: error });
  }
  if (code !== undefined)
    return new PlatformError(`${doing}: ${apiErrorMessage(error)} (HTTP ${code})`, { cause: error });
  if (!noAnswer(error)) return error;
  return new PlatformUnreachableError(
    `${doing}: the API server at ${server} did not answer: ${apiErrorMessage(error)}`,
    { cause: error },
  );
}
