import { type UsageError, usageError } from '../core/errors.js';

/**
 * Listening on the port or address the user chose can fail for reasons that are theirs to fix: a usage error
 * (exit 2) saying which port and what to do, in one line, not an internal error with a stack.
 */
export function listenError(err: unknown, port: number, host: string): UsageError | undefined {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return usageError(
        `port ${port} on ${host} is already in use: stop what listens there, or choose another --port (0 picks a free one)`,
      );
    case 'EACCES':
      return usageError(
        `port ${port} needs privileges here (ports below 1024 usually do): choose a port from 1024 up, or 0 for a free one`,
      );
    case 'EADDRNOTAVAIL':
      return usageError(`--host ${host} is not an address of this machine: use 127.0.0.1 or one of its addresses`);
    default:
      return undefined;
  }
}
