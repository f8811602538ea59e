import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/recommend/index.js';
import { deploymentPatch, patchContainers, patchedDeployment } from '../../src/analysis/recommend/patch.js';
import type { TerminationRecommendation } from '../../src/analysis/recommend/prestop.js';
import type { WorkloadSettings } from '../../src/core/workload.js';
import { kubectlPatchCommand } from '../../src/platform/kubernetes/kubectl-patch.js';
import { event, runResult } from './fixtures.js';

// The Deployment patch names the containers the platform read, not `app`, and replaces the handler they have.

const workload: WorkloadSettings = {
  name: 'shop/web',
  replicas: 3,
  strategy: { type: 'RollingUpdate' },
  minReadySeconds: 0,
  terminationGracePeriodSeconds: 30,
  containers: [{ name: 'web', preStop: { exec: ['sh', '-c', 'sleep 1'] } }, { name: 'envoy' }],
};

const rec: TerminationRecommendation = {
  preStop: { seconds: 3, formula: '', inputs: {} },
  terminationGracePeriod: { seconds: 8, formula: '', inputs: {} },
  current: { preStopSeconds: 0, terminationGracePeriodSeconds: 30 },
  evidence: { podsMeasured: 1, shutdownsMeasured: 1 },
};

function resultWith(before: WorkloadSettings | undefined) {
  const result = runResult({
    buckets: [],
    timeline: [event(1000, 'pod-terminating', 'a'), event(1000, 'sigterm-sent', 'a'), event(1200, 'pod-exited', 'a')],
    pods: { a: { requests: 10, failed: 0, firstSentMs: 0, lastSentMs: 1500 } },
  });
  if (before) result.workload = { before };
  return result;
}

describe('the Deployment patch against the real object', () => {
  it('names every container of the Deployment as read, deleting the handler a container already has', () => {
    const containers = patchContainers(resultWith(workload));
    expect(deploymentPatch(rec, { containers })).toEqual({
      spec: {
        template: {
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [
              { name: 'web', lifecycle: { preStop: { exec: null, sleep: { seconds: 3 } } } },
              { name: 'envoy', lifecycle: { preStop: { sleep: { seconds: 3 } } } },
            ],
          },
        },
      },
    });
    // The exec fallback keeps an exec handler (it replaces the command) and deletes a sleep one.
    const sleeping = [{ name: 'web', preStop: { sleepSeconds: 1 } }];
    expect(deploymentPatch(rec, { containers: sleeping, action: 'exec' })).toMatchObject({
      spec: { template: { spec: { containers: [{ lifecycle: { preStop: { sleep: null, exec: {} } } }] } } },
    });
  });

  it('--container narrows to one container; a name the Deployment lacks is refused (exit 2) with the names it has', () => {
    expect(patchContainers(resultWith(workload), 'envoy')).toEqual([{ name: 'envoy' }]);
    expect(() => patchContainers(resultWith(workload), 'app')).toThrow(
      expect.objectContaining({
        message: '--container app: no container of that name in shop/web',
        hint: 'its containers: web, envoy',
        exitCode: 2,
      }),
    );
  });

  it('a result written before the workload was recorded: `app`, or the name given', () => {
    expect(patchContainers(resultWith(undefined))).toEqual([{ name: 'app' }]);
    expect(patchContainers(resultWith(undefined), 'web')).toEqual([{ name: 'web' }]);
    expect(patchedDeployment(resultWith(undefined))).toBeUndefined();
  });

  it('analyseRun gives the patches for the Deployment it read, and the one-line kubectl command', () => {
    const { patches } = analyseRun(resultWith(workload));
    expect(patches?.deployment).toEqual({ namespace: 'shop', name: 'web' });
    expect(JSON.stringify(patches?.deploymentSleep)).toContain('"name":"envoy"');
    expect(kubectlPatchCommand(patches?.deployment, { command: ['sh', '-c', "echo 'hi'"] })).toBe(
      `kubectl patch deployment web -n shop --type strategic -p '{"command":["sh","-c","echo '\\''hi'\\''"]}'`,
    );
  });
});
