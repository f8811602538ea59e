import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type KubeClients, makeClients } from '../../../src/platform/kubernetes/client.js';
import { resolveUrl } from '../../../src/platform/kubernetes/url.js';

// A remote cluster gives no URL to load: the user must (target.url or --url). That is for them to fix, as a usage
// error says (exit 2), not the platform failing (exit 5), and it is said before anything is asked of the cluster.

function kubeConfigFor(server: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'me', token: 't' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'me' }],
    currentContext: 'c',
  });
  return kubeConfig;
}

describe('resolveUrl', () => {
  it('a cluster not on this machine and no URL given: a usage error saying which flag to give', async () => {
    const kubeConfig = kubeConfigFor('https://10.0.0.1:6443');
    await expect(resolveUrl(makeClients(kubeConfig), { namespace: 'default', service: 'web' })).rejects.toMatchObject({
      message: expect.stringContaining(
        'a URL to load is needed: the cluster (https://10.0.0.1:6443) is not on this machine',
      ),
      code: 'USAGE',
      exitCode: 2,
    });
  });

  it('a service on this machine without a NodePort: a usage error saying to give a URL, not "not found"', async () => {
    const kubeConfig = kubeConfigFor('https://127.0.0.1:6443');
    const clusterIpService = { spec: { type: 'ClusterIP', ports: [{ port: 80 }] } };
    const clients = { kubeConfig, core: { readNamespacedService: async () => clusterIpService } };
    await expect(
      resolveUrl(clients as unknown as KubeClients, { namespace: 'default', service: 'web' }),
    ).rejects.toMatchObject({
      message: 'a URL to load is needed: service default/web has no NodePort',
      hint: expect.stringContaining('--url'),
      code: 'USAGE',
      exitCode: 2,
    });
  });
});
