import { PlatformError, UsageError } from '../../core/errors.js';
import { isNotFound } from './api-errors.js';
import type { KubeClients } from './client.js';

const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Where the load goes: the URL given, else — when the API server is on loopback, as the embedded cluster is —
 * the Service's first NodePort on 127.0.0.1; a remote cluster needs a URL (an ingress, a LoadBalancer, a
 * port-forward), which nothing here can guess.
 */
export async function resolveUrl(
  clients: KubeClients,
  target: { namespace: string; service: string; url?: string },
): Promise<string> {
  if (target.url !== undefined) return target.url;
  const server = clients.kubeConfig.getCurrentCluster()?.server ?? '';
  const host = URL.canParse(server) ? new URL(server).hostname : '';
  if (!loopback.test(host)) {
    throw new UsageError(
      `a URL to load is needed: the cluster (${server}) is not on this machine; give target.url or --url (an ingress, a LoadBalancer, or a port-forward you opened)`,
    );
  }
  const { namespace, service: name } = target;
  let nodePort: number | undefined;
  try {
    const service = await clients.core.readNamespacedService({ name, namespace });
    nodePort = service.spec?.ports?.[0]?.nodePort;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new PlatformError(`service "${name}" not found in namespace "${namespace}": give target.service or a URL`, {
      code: 'KUBERNETES_NOT_FOUND',
    });
  }
  if (nodePort === undefined) {
    // Nothing failed and nothing is missing: the user must say where to send the load, as for a remote cluster.
    throw new UsageError(`a URL to load is needed: service ${namespace}/${name} has no NodePort`, {
      hint: 'give target.url or --url, or make the service type NodePort',
    });
  }
  return `http://127.0.0.1:${nodePort}/`;
}
