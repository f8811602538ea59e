import type { V1Deployment, V1DeploymentStatus } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { PlatformError, TargetError } from '../../../src/core/errors.js';
import { deploymentRolloutStatus } from '../../../src/platform/kubernetes/rollout-status.js';

function deployment(
  generation: number,
  specReplicas: number | undefined,
  status: V1DeploymentStatus,
  annotations?: Record<string, string>,
): V1Deployment {
  return {
    metadata: { name: 'web', namespace: 'shop', generation, annotations },
    spec: { replicas: specReplicas, selector: {}, template: {} },
    status,
  };
}

describe('deploymentRolloutStatus', () => {
  // Worked examples of a 3-replica rolling update, in the order the controller passes through them.
  const cases: Array<{ name: string; d: V1Deployment; message: string; done: boolean }> = [
    {
      name: 'the patch is not yet observed by the controller',
      d: deployment(5, 3, { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      message: 'Waiting for deployment spec update to be observed...\n',
      done: false,
    },
    {
      name: 'one surge pod created, not yet all updated',
      d: deployment(5, 3, { observedGeneration: 5, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }),
      message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
      done: false,
    },
    {
      name: 'all updated, two old pods still terminating',
      d: deployment(5, 3, { observedGeneration: 5, replicas: 5, updatedReplicas: 3, availableReplicas: 3 }),
      message: 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...\n',
      done: false,
    },
    {
      name: 'old pods gone, one new pod not yet available',
      d: deployment(5, 3, { observedGeneration: 5, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n',
      done: false,
    },
    {
      name: 'done',
      d: deployment(5, 3, { observedGeneration: 5, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      message: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'observedGeneration ahead of generation counts as observed',
      d: deployment(0, 1, { observedGeneration: 1, replicas: 1, updatedReplicas: 0, availableReplicas: 1 }),
      message: 'Waiting for deployment "web" rollout to finish: 0 out of 1 new replicas have been updated...\n',
      done: false,
    },
    {
      name: 'scaled to zero with nothing left is done',
      d: deployment(2, 0, { observedGeneration: 2 }),
      message: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'no spec.replicas: the updated check is skipped, as in kubectl',
      d: deployment(1, undefined, { observedGeneration: 1, replicas: 2, updatedReplicas: 1, availableReplicas: 1 }),
      message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
      done: false,
    },
    {
      name: 'a deadline on a Progressing condition with another reason is progress',
      d: deployment(1, 1, {
        observedGeneration: 1,
        replicas: 1,
        updatedReplicas: 1,
        availableReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
      }),
      message: 'deployment "web" successfully rolled out\n',
      done: true,
    },
  ];
  for (const { name, d, message, done } of cases) {
    it(name, () => {
      expect(deploymentRolloutStatus(d)).toEqual({ done, message });
    });
  }

  it('throws kubectl’s error when the progress deadline is exceeded', () => {
    const d = deployment(3, 3, {
      observedGeneration: 3,
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
      ],
    });
    // The target's failure (a revision that cannot become available), exit 5; kubectl's text.
    expect(() => deploymentRolloutStatus(d)).toThrow(
      new TargetError('deployment "web" exceeded its progress deadline', { code: 'PROGRESS_DEADLINE_EXCEEDED' }),
    );
  });

  it('reports an unobserved spec before an exceeded deadline, as kubectl does', () => {
    const d = deployment(4, 3, {
      observedGeneration: 3,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(deploymentRolloutStatus(d).message).toBe('Waiting for deployment spec update to be observed...\n');
  });

  it('checks the revision annotation first when a revision is asked for', () => {
    const status = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };
    const d = deployment(2, 3, status, { 'deployment.kubernetes.io/revision': '7' });
    expect(deploymentRolloutStatus(d, 7).done).toBe(true);
    expect(() => deploymentRolloutStatus(d, 6)).toThrow(
      new PlatformError('desired revision (6) is different from the running revision (7)', { code: 'ACTION_REFUSED' }),
    );
    expect(() => deploymentRolloutStatus(deployment(2, 3, status), 1)).toThrow(
      new PlatformError('desired revision (1) is different from the running revision (0)', { code: 'ACTION_REFUSED' }),
    );
    const bad = deployment(2, 3, status, { 'deployment.kubernetes.io/revision': 'x1' });
    expect(() => deploymentRolloutStatus(bad, 1)).toThrow(
      new PlatformError('cannot get the revision of deployment "web": strconv.ParseInt: parsing "x1": invalid syntax', {
        code: 'ACTION_REFUSED',
      }),
    );
    expect(deploymentRolloutStatus(bad).done).toBe(true);
  });

  it('quotes the name like Go’s %q', () => {
    const d = deployment(1, 1, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 });
    d.metadata = { ...d.metadata, name: 'a"b\\c\td' };
    expect(deploymentRolloutStatus(d).message).toBe('deployment "a\\"b\\\\c\\td" successfully rolled out\n');
  });
});
