import type { V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { summarizeTarget } from '../../../src/platform/kubernetes/target-summary.js';

const deployment: V1Deployment = {
  metadata: { name: 'web', namespace: 'shop', generation: 2 },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'Recreate' },
    template: {
      metadata: { labels: { app: 'web', tier: 'front' } },
      spec: {
        terminationGracePeriodSeconds: 45,
        containers: [
          {
            name: 'app',
            image: 'web:2',
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            readinessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 3 },
            resources: { requests: { cpu: '0.25', memory: '1.5Gi' }, limits: { cpu: '1', memory: '2G' } },
          },
          { name: 'sidecar', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 3'] } } } },
        ],
      },
    },
  },
  status: { observedGeneration: 1 },
};

describe('summarizeTarget', () => {
  it('reads what decides a rollout’s failures from the Deployment as the API holds it', () => {
    const summary = summarizeTarget(
      deployment,
      [
        { metadata: { name: 'front' }, spec: { maxUnavailable: 1, selector: { matchLabels: { tier: 'front' } } } },
        { metadata: { name: 'other' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } },
        {
          metadata: { name: 'all' },
          spec: { minAvailable: '50%', selector: {} },
          status: { disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 2, expectedPods: 4 },
        },
      ],
      undefined,
    );
    expect(summary).toEqual({
      namespace: 'shop',
      deployment: 'web',
      replicas: 4,
      readyReplicas: 0,
      rollout: 'Waiting for deployment spec update to be observed...',
      strategy: 'Recreate',
      minReadySeconds: 0,
      terminationGracePeriodSeconds: 45,
      containers: [
        {
          name: 'app',
          image: 'web:2',
          preStop: 'sleep 5s',
          readinessProbe: 'tcpSocket :8080 every 10s, unready after 3 failures',
          requests: { cpuMillicores: 250, memoryBytes: 1_610_612_736 },
          limits: { cpuMillicores: 1000, memoryBytes: 2_000_000_000 },
        },
        { name: 'sidecar', preStop: 'exec: sh -c sleep 3', requests: {}, limits: {} },
      ],
      disruptionBudgets: ['front (maxUnavailable 1)', 'all (minAvailable 50%, 1 disruption allowed)'],
    });
  });

  it('kubectl’s error text when the rollout is stuck, and Kubernetes’ defaults where fields are absent', () => {
    const stuck: V1Deployment = {
      metadata: { name: 'web', generation: 1 },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'app' }] } } },
      status: {
        observedGeneration: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    };
    const summary = summarizeTarget(stuck, [], {
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    });
    expect(summary.rollout).toBe('deployment "web" exceeded its progress deadline');
    expect(summary.strategy).toBe('RollingUpdate maxSurge 25%, maxUnavailable 25%');
    expect(summary.terminationGracePeriodSeconds).toBe(30);
    expect(summary.replicas).toBe(1);
    expect(summary.service).toBe('web: ClusterIP 80→8080');
  });
});
