import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, listPods, reportReady, startTestCluster, type TestCluster } from './support.js';

const deploymentsPath = '/apis/apps/v1/namespaces/default/deployments';

function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}) {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
      },
      ...extra,
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered.
type Json = any;

describe('controllers on objects', () => {
  let cluster: TestCluster;
  let nextIp = 10;
  /** Plays the kubelet for every pod of `app` that is scheduled and not yet reported. */
  const readyAll = async (app: string) => {
    for (const pod of await listPods(cluster, `app=${app}`)) {
      if (pod.spec.nodeName !== undefined && pod.status.phase === 'Pending') {
        await reportReady(cluster, 'default', pod.metadata.name, `10.244.0.${nextIp++}`);
      }
    }
  };
  const replicaSetsOf = async (app: string): Promise<Json[]> =>
    (await cluster.api(`/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3D${app}`)).json.items;
  const deploymentNamed = async (name: string): Promise<Json> => (await cluster.api(`${deploymentsPath}/${name}`)).json;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('a Deployment gets a ReplicaSet <name>-<hash> it owns, whose pods are scheduled round-robin onto uncordoned nodes', async () => {
    await cluster.api('/api/v1/nodes/node-2', {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { unschedulable: true } },
    });
    const created = (await cluster.api(deploymentsPath, { method: 'POST', body: deployment('web', 4) })).json;
    const pods = await eventually(async () => {
      const found = await listPods(cluster, 'app=web');
      return found.length === 4 && found.every((pod) => pod.spec.nodeName) ? found : undefined;
    });
    const [rs] = await replicaSetsOf('web');
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
    expect(pods.every((pod) => pod.metadata.ownerReferences[0].uid === rs.metadata.uid)).toBe(true);
    expect(pods.map((pod) => pod.spec.nodeName).sort()).toEqual(['node-1', 'node-1', 'node-3', 'node-3']);
    expect(pods[0].status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    await cluster.api('/api/v1/nodes/node-2', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { unschedulable: null } },
    });
    const events = (await cluster.api('/api/v1/namespaces/default/events')).json.items.map(
      (event: Json) => event.reason,
    );
    expect(events).toEqual(expect.arrayContaining(['Scheduled', 'SuccessfulCreate', 'ScalingReplicaSet']));
    const deploymentNow = await eventually(async () => {
      const found = await deploymentNamed('web');
      return found.status.observedGeneration === 1 && found.status.replicas === 4 ? found : undefined;
    });
    expect(deploymentNow.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(deploymentNow.status.conditions.map((c: Json) => `${c.type}=${c.status}/${c.reason}`).sort()).toEqual([
      'Available=False/MinimumReplicasUnavailable',
      'Progressing=True/ReplicaSetUpdated',
    ]);
  });

  it('rolls out maxSurge 1 / maxUnavailable 0 step by step as pods become ready, ending NewReplicaSetAvailable', async () => {
    await cluster.api(`${deploymentsPath}/web`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 3 } },
    });
    await eventually(async () => ((await listPods(cluster, 'app=web')).length === 3 ? true : undefined));
    await readyAll('web');
    await eventually(async () => ((await deploymentNamed('web')).status.availableReplicas === 3 ? true : undefined));
    const restartedAt = '2026-11-28T20:00:00Z';
    await cluster.api(`${deploymentsPath}/web`, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } },
    });
    for (let step = 0; step < 10; step++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const pods = (await listPods(cluster, 'app=web')).filter((pod) => pod.metadata.deletionTimestamp === undefined);
      const ready = pods.filter((pod) => pod.status.phase === 'Running').length;
      expect(pods.length).toBeLessThanOrEqual(4);
      expect(ready).toBeGreaterThanOrEqual(3);
      await readyAll('web');
    }
    const done = await eventually(async () => {
      const found = await deploymentNamed('web');
      return found.status.conditions?.some((c: Json) => c.reason === 'NewReplicaSetAvailable') ? found : undefined;
    });
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(done.status).toMatchObject({
      observedGeneration: 3,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    const progressing = done.status.conditions.find((c: Json) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(progressing.message).toMatch(/^ReplicaSet "web-[a-z0-9]+" has successfully progressed\.$/);
    const sets = await replicaSetsOf('web');
    expect(
      sets
        .map((rs: Json) => `${rs.metadata.annotations['deployment.kubernetes.io/revision']}:${rs.spec.replicas}`)
        .sort(),
    ).toEqual(['1:0', '2:3']);
    const scaling = (await cluster.api('/api/v1/namespaces/default/events?fieldSelector=reason%3DScalingReplicaSet'))
      .json.items;
    expect(scaling.map((event: Json) => event.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Scaled down replica set web-\w+ from 1 to 0$/)]),
    );
  });

  it('marks a rollout that makes no progress for progressDeadlineSeconds ProgressDeadlineExceeded', async () => {
    await cluster.api(deploymentsPath, {
      method: 'POST',
      body: deployment('stuck', 1, { progressDeadlineSeconds: 1 }),
    });
    const stuck = await eventually(async () => {
      const found = await deploymentNamed('stuck');
      return found.status.conditions?.some((c: Json) => c.reason === 'ProgressDeadlineExceeded') ? found : undefined;
    }, 5000);
    const progressing = stuck.status.conditions.find((c: Json) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing.message).toMatch(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/);
  });

  it('deletes a pod gracefully (deletionTimestamp = now + grace), and the ReplicaSet replaces it', async () => {
    const [pod] = (await listPods(cluster, 'app=web')).filter((p) => p.metadata.deletionTimestamp === undefined);
    const before = Date.now();
    const deleted = (await cluster.api(`/api/v1/namespaces/default/pods/${pod.metadata.name}`, { method: 'DELETE' }))
      .json;
    expect(deleted.metadata.deletionGracePeriodSeconds).toBe(30);
    const deadline = Date.parse(deleted.metadata.deletionTimestamp);
    expect(deadline).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 30_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30_000);
    const replaced = await eventually(async () => {
      const active = (await listPods(cluster, 'app=web')).filter((p) => p.metadata.deletionTimestamp === undefined);
      return active.length === 3 && !active.some((p) => p.metadata.name === pod.metadata.name) ? active : undefined;
    });
    expect(replaced).toHaveLength(3);
  });

  it('lists endpoints ready / serving / terminating as the EndpointSlice controller does', async () => {
    await cluster.api('/api/v1/namespaces/default/services', {
      method: 'POST',
      body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    await readyAll('web');
    const sliceFor = () =>
      eventually(async () => {
        const [slice] = (
          await cluster.api(
            '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb',
          )
        ).json.items;
        return slice?.endpoints?.length >= 3 ? slice : undefined;
      });
    const slice = await sliceFor();
    expect(slice.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    const terminating = slice.endpoints.find((endpoint: Json) => endpoint.conditions.terminating);
    const readyOnes = slice.endpoints.filter(
      (endpoint: Json) => endpoint.conditions.ready && endpoint.conditions.serving && !endpoint.conditions.terminating,
    );
    expect(readyOnes.length).toBeGreaterThanOrEqual(3);
    // The pod deleted above keeps running (no kubelet stops it): serving, terminating, not ready.
    expect(terminating?.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('evicts within the PodDisruptionBudget and answers 429 with the budget numbers beyond it', async () => {
    await cluster.api('/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      method: 'POST',
      body: { metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } },
    });
    const pdbPath = '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web';
    const pdb = await eventually(async () => {
      const found = (await cluster.api(pdbPath)).json;
      return found.status.observedGeneration === 1 && found.status.currentHealthy === 3 ? found : undefined;
    });
    // A plain minAvailable counts every pod the selector matches, terminating ones too (`getExpectedPodCount`).
    const matching = (await listPods(cluster, 'app=web')).length;
    expect(pdb.status).toMatchObject({ desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: matching });
    expect(pdb.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' }),
    );
    const active = (await listPods(cluster, 'app=web')).filter((pod) => pod.metadata.deletionTimestamp === undefined);
    const evict = (name: string) =>
      cluster.api(`/api/v1/namespaces/default/pods/${name}/eviction`, {
        method: 'POST',
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } },
      });
    const first = await evict(active[0].metadata.name);
    expect(first.status).toBe(201);
    const evicted = (await cluster.api(`/api/v1/namespaces/default/pods/${active[0].metadata.name}`)).json;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionTarget', reason: 'EvictionByEvictionAPI' }),
    );
    const second = await evict(active[1].metadata.name);
    expect(second.status).toBe(429);
    expect(second.json).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          { reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' },
        ],
      },
    });
  });

  it('collects the garbage: deleting a Deployment takes its ReplicaSets and pods with it', async () => {
    await cluster.api(`${deploymentsPath}/stuck`, { method: 'DELETE' });
    await eventually(async () =>
      (await replicaSetsOf('stuck')).length === 0 && (await listPods(cluster, 'app=stuck')).length === 0
        ? true
        : undefined,
    );
  });
});
