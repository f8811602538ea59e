import { describe, expect, it } from 'vitest';
import { restorePatch } from '../../../src/platform/kubernetes/template-restore.js';

// The patch that puts back what a template patch touched, and only that.

describe('restorePatch', () => {
  const original = {
    metadata: { labels: { app: 'web' } },
    spec: {
      terminationGracePeriodSeconds: 45,
      containers: [
        { name: 'web', image: 'web:1', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } } } },
        { name: 'envoy', image: 'envoy:1' },
      ],
    },
  };

  it('gives back changed values, deletes added fields, restores a handler the patch deleted', () => {
    const patch = {
      spec: {
        terminationGracePeriodSeconds: 60,
        containers: [
          { name: 'web', lifecycle: { preStop: { exec: null, sleep: { seconds: 3 } } } },
          { name: 'envoy', lifecycle: { preStop: { sleep: { seconds: 3 } } } },
        ],
      },
    };
    expect(restorePatch(original, patch)).toEqual({
      patch: {
        spec: {
          terminationGracePeriodSeconds: 45,
          containers: [
            { name: 'web', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] }, sleep: null } } },
            { name: 'envoy', lifecycle: null },
          ],
        },
      },
      fields: [
        'spec.terminationGracePeriodSeconds',
        'spec.containers[web].lifecycle.preStop.exec',
        'spec.containers[web].lifecycle.preStop.sleep',
        'spec.containers[envoy].lifecycle',
      ],
    });
  });

  it('a field the template lacked is deleted; a container the patch added is deleted; directives are skipped', () => {
    const bare = { spec: { containers: [{ name: 'web', image: 'web:1' }] } };
    const patch = {
      spec: {
        $setElementOrder: { containers: [] },
        terminationGracePeriodSeconds: 10,
        containers: [{ name: 'debug', image: 'busybox' }],
        dnsPolicy: null,
      },
    };
    expect(restorePatch(bare, patch)).toEqual({
      patch: { spec: { terminationGracePeriodSeconds: null, containers: [{ name: 'debug', $patch: 'delete' }] } },
      fields: ['spec.terminationGracePeriodSeconds', 'spec.containers[debug]'],
    });
  });
});
