import https from 'node:https';
import type { RequestContext } from '@kubernetes/client-node';

/** A free connection is closed after this long, before a server's own keep-alive timeout (Node's: 5 s) can race it. */
const IDLE_SOCKET_MS = 4000;

/**
 * One keep-alive agent per set of TLS settings, handed to every API call in place of the one client-node made for it.
 *
 * client-node 1.4 makes a new https.Agent for every call (`KubeConfig.applySecurityAuthentication`), so every call
 * opened a new TLS connection and paid a handshake on both ends — in a local run that is the generator's process
 * and the embedded cluster's, on the cores the load and the pods share; a `--cpu-prof` of a local rollout showed TLS
 * set-up as the largest item of the API client's CPU while the load ran. Agents of proxies (client-node's
 * `proxy-url`) are left as they are.
 */
export class SharedAgents {
  readonly #agents = new Map<string, https.Agent>();

  /** Swaps the request's agent for the shared one with the same TLS settings. */
  reuse(request: RequestContext): void {
    const agent = request.getAgent();
    if (!(agent instanceof https.Agent) || agent.constructor !== https.Agent) return;
    const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = agent.options;
    const settings = [ca, cert, key, pfx, passphrase, rejectUnauthorized, servername]
      .map((value) => (value === undefined ? '' : String(value)))
      .join('\0');
    let shared = this.#agents.get(settings);
    if (shared === undefined) {
      shared = new https.Agent({ ...agent.options, keepAlive: true, timeout: IDLE_SOCKET_MS });
      this.#agents.set(settings, shared);
    }
    request.setAgent(shared);
  }
}
