import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { containerEnded } from '../../src/platform/kubernetes/container-ended.js';
import { startFailure } from '../../src/platform/local/crash-loops.js';
import { startUpTrouble } from '../../src/platform/local/start-up-trouble.js';

const crashedPod = (terminated: { exitCode: number; signal?: number; reason?: string }): V1Pod => ({
  metadata: { name: 'web-1', labels: { 'pod-template-hash': 'abc' } },
  status: {
    containerStatuses: [
      { name: 'app', image: 'app', imageID: '', ready: false, restartCount: 1, state: { terminated } },
    ],
  },
});

describe('containerEnded', () => {
  it('says an exit code with the kubelet’s reason, or what a shell’s code means', () => {
    expect(containerEnded({ exitCode: 3, reason: 'Error' })).toBe('exit code 3 (Error)');
    expect(containerEnded({ exitCode: 127, reason: 'Error' })).toBe('exit code 127 (command not found)');
    expect(containerEnded({ exitCode: 0 })).toBe('exit code 0');
    expect(containerEnded({ exitCode: 137, signal: 9, reason: 'OOMKilled' })).toBe('signal 9 (OOMKilled)');
  });

  it('is the one wording of a stuck start-up and of a crash loop', () => {
    const pod = crashedPod({ exitCode: 3, reason: 'Error' });
    expect(startUpTrouble([pod])).toBe('web-1 ended with exit code 3 (Error)');
    expect(startFailure([pod])?.why).toMatch(/last ended with exit code 3 \(Error\)$/);
  });
});
