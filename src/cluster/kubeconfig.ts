/**
 * A kubeconfig for the cluster: one cluster (trusting its self-signed certificate), one user with the bearer
 * token, one context, current.
 */
export function kubeconfigText(options: { server: string; token: string; name: string; caPem: string }): string {
  const { server, token, name, caPem } = options;
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${name}
    cluster:
      server: ${server}
      certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
users:
  - name: ${name}-admin
    user:
      token: ${token}
contexts:
  - name: ${name}
    context:
      cluster: ${name}
      user: ${name}-admin
      namespace: default
current-context: ${name}
preferences: {}
`;
}
