import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { makeClients } from '../../../src/platform/kubernetes/client.js';
import { resolveUrl } from '../../../src/platform/kubernetes/url.js';

// A remote cluster gives no URL to load: the user must (target.url or --url). That is for them to fix, as a usage
// error says (exit 2), not the platform failing (exit 5), and it is said before anything is asked of the cluster.

describe('resolveUrl', () => {
  it('a cluster not on this machine and no URL given: a usage error saying which flag to give', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'remote', server: 'https://10.0.0.1:6443', skipTLSVerify: true }],
      users: [{ name: 'me', token: 't' }],
      contexts: [{ name: 'remote', cluster: 'remote', user: 'me' }],
      currentContext: 'remote',
    });
    await expect(resolveUrl(makeClients(kubeConfig), { namespace: 'default', service: 'web' })).rejects.toMatchObject({
      message: expect.stringContaining(
        'a URL to load is needed: the cluster (https://10.0.0.1:6443) is not on this machine',
      ),
      code: 'USAGE',
      exitCode: 2,
    });
  });
});
