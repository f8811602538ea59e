import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  type DrainFilterOptions,
  drainPodStatus,
  summarizeDrainDecisions,
} from '../../../src/platform/kubernetes/drain-filters.js';

type Owner = 'DaemonSet' | 'ReplicaSet' | 'Job' | 'none';

function pod(owner: Owner, extra: { phase?: string; emptyDir?: boolean; mirror?: boolean } = {}): V1Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'shop',
      ownerReferences:
        owner === 'none'
          ? undefined
          : [
              { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-the-controller', uid: 'u0' },
              {
                apiVersion: owner === 'Job' ? 'batch/v1' : 'apps/v1',
                kind: owner,
                name: 'owner',
                uid: 'u1',
                controller: true,
              },
            ],
      annotations: extra.mirror ? { 'kubernetes.io/config.mirror': 'abc' } : undefined,
    },
    spec: {
      containers: [{ name: 'app' }],
      volumes: extra.emptyDir ? [{ name: 'scratch', emptyDir: {} }] : [{ name: 'cfg', configMap: { name: 'c' } }],
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}

const base: DrainFilterOptions = { daemonSetExists: () => true };
const ok = { delete: true, reason: 'Okay' };
const dsFatal = {
  delete: false,
  reason: 'Error',
  message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
};
const emptyDirFatal = {
  delete: false,
  reason: 'Error',
  message: 'Pods with local storage (use --delete-emptydir-data to override)',
};
const nakedFatal = {
  delete: false,
  reason: 'Error',
  message: 'Pods that declare no controller (use --force to override)',
};

describe('drainPodStatus: kubectl drain’s filters', () => {
  const cases: Array<{ name: string; pod: V1Pod; options?: Partial<DrainFilterOptions>; want: object }> = [
    { name: 'ReplicaSet pod', pod: pod('ReplicaSet'), want: ok },
    { name: 'DaemonSet pod without --ignore-daemonsets', pod: pod('DaemonSet'), want: dsFatal },
    {
      name: 'DaemonSet pod with --ignore-daemonsets: left in place with a warning',
      pod: pod('DaemonSet'),
      options: { ignoreDaemonSets: true },
      want: { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' },
    },
    {
      name: 'DaemonSet pod with an emptyDir and --ignore-daemonsets: the DaemonSet decides first',
      pod: pod('DaemonSet', { emptyDir: true }),
      options: { ignoreDaemonSets: true },
      want: { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' },
    },
    { name: 'finished DaemonSet pod', pod: pod('DaemonSet', { phase: 'Succeeded' }), want: ok },
    {
      name: 'orphaned DaemonSet pod without --force',
      pod: pod('DaemonSet'),
      options: { daemonSetExists: () => false },
      want: { delete: false, reason: 'Error', message: 'daemonsets.apps "owner" not found' },
    },
    {
      name: 'orphaned DaemonSet pod with --force: the later filters replace the warning',
      pod: pod('DaemonSet'),
      options: { daemonSetExists: async () => false, force: true },
      want: ok,
    },
    {
      name: 'the DaemonSet lookup fails: its message is the error',
      pod: pod('DaemonSet'),
      options: {
        daemonSetExists: () => {
          throw new Error('daemonsets.apps "owner" is forbidden');
        },
      },
      want: { delete: false, reason: 'Error', message: 'daemonsets.apps "owner" is forbidden' },
    },
    {
      name: 'mirror (static) pod is skipped',
      pod: pod('none', { mirror: true }),
      want: { delete: false, reason: 'Skip' },
    },
    {
      name: 'pod with emptyDir',
      pod: pod('ReplicaSet', { emptyDir: true }),
      options: { force: true },
      want: emptyDirFatal,
    },
    {
      name: 'pod with emptyDir and --delete-emptydir-data: the warning is replaced by the next Okay',
      pod: pod('Job', { emptyDir: true }),
      options: { deleteEmptyDirData: true },
      want: ok,
    },
    {
      name: 'naked pod with emptyDir, --delete-emptydir-data and --force: the last warning stands',
      pod: pod('none', { emptyDir: true }),
      options: { deleteEmptyDirData: true, force: true },
      want: { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' },
    },
    { name: 'terminated pod with emptyDir', pod: pod('none', { emptyDir: true, phase: 'Failed' }), want: ok },
    { name: 'naked pod', pod: pod('none'), want: nakedFatal },
    {
      name: 'naked pod with --force',
      pod: pod('none'),
      options: { force: true },
      want: { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' },
    },
    { name: 'finished naked pod', pod: pod('none', { phase: 'Succeeded' }), want: ok },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect(await drainPodStatus(c.pod, { ...base, ...c.options })).toEqual(c.want);
    });
  }

  it('asks for the DaemonSet by the pod’s namespace and the controller’s name', async () => {
    const asked: string[] = [];
    await drainPodStatus(pod('DaemonSet'), {
      daemonSetExists: (namespace, name) => {
        asked.push(`${namespace}/${name}`);
        return true;
      },
    });
    expect(asked).toEqual(['shop/owner']);
  });

  it('a DaemonSet kind under another apiVersion is not a DaemonSet to kubectl', async () => {
    const p = pod('DaemonSet');
    const ref = p.metadata?.ownerReferences?.[1];
    if (ref) ref.apiVersion = 'extensions/v1beta1';
    expect(await drainPodStatus(p, base)).toEqual(ok);
  });

  it('skips a pod deleted longer ago than --skip-wait-for-delete-timeout, in whole seconds', async () => {
    const nowMs = Date.parse('2026-11-28T12:00:00Z');
    const deletedAgo = (seconds: number): V1Pod => {
      const p = pod('none');
      if (p.metadata) p.metadata.deletionTimestamp = new Date(nowMs - seconds * 1000);
      return p;
    };
    const opts = { ...base, skipWaitForDeleteTimeoutSeconds: 20, now: nowMs };
    expect(await drainPodStatus(deletedAgo(100), opts)).toEqual({ delete: false, reason: 'Skip' });
    // 20.9 s truncates to 20, which is not more than 20: the pod goes on to the other filters.
    expect(await drainPodStatus(deletedAgo(20.9), opts)).toEqual(nakedFatal);
    expect(await drainPodStatus(deletedAgo(21), opts)).toEqual({ delete: false, reason: 'Skip' });
    expect(await drainPodStatus(deletedAgo(100), { ...opts, skipWaitForDeleteTimeoutSeconds: 0 })).toEqual(nakedFatal);
    // A watch delivers the timestamp as a string.
    const raw = deletedAgo(0);
    if (raw.metadata) raw.metadata.deletionTimestamp = '2026-11-28T11:58:00Z' as unknown as Date;
    expect(await drainPodStatus(raw, { ...opts, now: new Date(nowMs) })).toEqual({ delete: false, reason: 'Skip' });
  });
});

describe('summarizeDrainDecisions', () => {
  it('groups pods by message like kubectl’s Warnings() and errors()', () => {
    const summary = summarizeDrainDecisions([
      {
        pod: 'kube-system/proxy-a',
        status: { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' },
      },
      {
        pod: 'shop/naked',
        status: { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' },
      },
      {
        pod: 'kube-system/proxy-b',
        status: { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' },
      },
      { pod: 'shop/web-1', status: { delete: true, reason: 'Okay' } },
      { pod: 'shop/cache', status: emptyDirFatal as { delete: false; reason: 'Error'; message: string } },
      { pod: 'shop/odd', status: { delete: false, reason: 'Error' } },
    ]);
    expect(summary.warnings).toBe(
      'ignoring DaemonSet-managed Pods: kube-system/proxy-a, kube-system/proxy-b; deleting Pods that declare no controller: shop/naked',
    );
    expect(summary.errors).toEqual([
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): shop/cache',
      'cannot delete unexpected error: shop/odd',
    ]);
  });
});
