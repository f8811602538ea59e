import { H1Transport } from './h1-transport.js';
import { HttpTransport, type Transport } from './http-client.js';
import type { ResolvedLoadOptions } from './options.js';

/** The transport of the HTTP client the options name. */
export function newTransport(options: ResolvedLoadOptions): Transport {
  return options.httpClient === 'undici' ? new HttpTransport(options) : new H1Transport(options);
}
