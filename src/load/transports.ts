import { H1Transport } from './h1-transport.js';
import type { Transport } from './http-client.js';
import type { ResolvedLoadOptions } from './options.js';

/**
 * The transport of the HTTP client the options name. undici is imported only when it is asked for: loading it
 * (its WebAssembly parser included) cost ≈ 0.1–0.3 s of CPU at every start-up.
 */
export async function newTransport(options: ResolvedLoadOptions): Promise<Transport> {
  if (options.httpClient !== 'undici') return new H1Transport(options);
  const { HttpTransport } = await import('./undici-transport.js');
  return new HttpTransport(options);
}
