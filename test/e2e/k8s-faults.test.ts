import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFaults } from '../../src/cluster/api/faults.js';
import type { RunResult } from '../../src/core/run-result.js';
import { eventually, listPods } from '../cluster/support.js';
import { kubeconfigThrough, type SampleCluster, startSampleCluster } from '../platform/kubernetes/support.js';
import { startTcpRelay, type TcpRelay } from '../platform/kubernetes/tcp-relay.js';
import { type Ran, rollbench } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// `rollbench run scenarios/k8s-drain.yaml --kubeconfig <file>` as a user runs it, with the API server failing
// under it: gone mid-drain (a relay in front of it refuses every connection: the cluster's store lives in this
// process, so the API server cannot be restarted with its state), credentials revoked mid-drain (401 from then on),
// a 429 storm. Each run writes what it measured, ends with the documented exit code, and restores the node or
// says on stderr what it left changed.

const scenario = new URL('../../scenarios/k8s-drain.yaml', import.meta.url).pathname;
/** A drain run is ~20 s on an idle box; an outage adds the give-up (≤ 10 s of retried reads) and the restore (10 s). */
const runDeadlineMs = 120_000;
const node = 'node-1';

async function readyPods(sample: SampleCluster): Promise<number> {
  const pods = await listPods(sample.cluster, 'app=sample-app');
  return pods.filter(
    (pod) =>
      pod.metadata?.deletionTimestamp === undefined &&
      pod.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True'),
  ).length;
}

async function cordoned(sample: SampleCluster): Promise<boolean> {
  return (await sample.cluster.api(`/api/v1/nodes/${node}`)).json?.spec?.unschedulable === true;
}

/** A sample-app cluster with faults on command, its three pods ready, and a kubeconfig through a relay. */
function useRelayedCluster() {
  const dir = tempDir('rollbench-e2e-faults-');
  const setup = {} as { sample: SampleCluster; faults: ApiFaults; relay: TcpRelay; kubeconfig: string };
  beforeAll(async () => {
    setup.sample = await startSampleCluster({ injectFaults: true });
    setup.faults = setup.sample.cluster.faults as ApiFaults;
    setup.relay = await startTcpRelay(Number(new URL(setup.sample.cluster.url).port));
    setup.kubeconfig = join(dir.path, 'kubeconfig');
    await writeFile(setup.kubeconfig, await kubeconfigThrough(setup.sample.cluster, setup.relay.port));
    await eventually(async () => ((await readyPods(setup.sample)) === 3 ? true : undefined), 45_000);
  }, 60_000);
  afterAll(async () => {
    await setup.relay?.close();
    await setup.sample?.cluster.close();
  });

  /** Runs the drain scenario; `onDrain` is called once the node is cordoned (the drain under way). */
  async function runDrain(name: string, onDrain: () => void, file = scenario): Promise<Ran & { result: RunResult }> {
    const out = join(dir.path, name);
    let watching = true;
    const watcher = (async () => {
      await eventually(async () => (!watching || (await cordoned(setup.sample)) ? true : undefined), runDeadlineMs);
      if (watching) onDrain();
    })();
    const ran = await rollbench(
      ['run', file, '--kubeconfig', setup.kubeconfig, '--out', out, '--report', 'none'],
      undefined,
      runDeadlineMs,
    ).finally(() => {
      watching = false;
    });
    await watcher.catch(() => {});
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as RunResult;
    process.stdout.write(
      `k8s-drain ${name}: exit ${ran.code}, ${result.summary.requests} requests, ${result.summary.failed} failed (${Object.entries(
        result.summary.outcomes,
      )
        .map(([key, stats]) => `${key}: ${stats.count}`)
        .join(', ')}), restored ${JSON.stringify(result.restored)}, incomplete: ${result.incomplete ?? '-'}\n`,
    );
    return { ...ran, result };
  }
  return { setup, runDrain, dir };
}

describe('rollbench run k8s-drain.yaml while the API server fails', () => {
  const { setup, runDrain, dir } = useRelayedCluster();

  // The outage first: node-1 still holds a pod then, so its drain is under way when the server goes.
  it(
    'the API server gone mid-drain: exit 5, what was measured written, and stderr names the node left cordoned',
    async () => {
      await eventually(async () => ((await readyPods(setup.sample)) === 3 ? true : undefined), 45_000);
      // One eviction refused first (Retry-After 3 s), so that the drain is still under way when the cordon is seen and
      // the server goes: a fast drain could end first (CI saw it), and the outage hit only the restore. Should the
      // outage come before that eviction, the one 429 left is waited out by the next test's drain.
      setup.faults.failNext({ method: 'POST', path: /\/eviction$/, status: 429, count: 1, retryAfterSeconds: 3 });
      try {
        const ran = await runDrain('gone', () => {
          setup.relay.refuse(true);
          setup.relay.cut();
        });
        expect(ran.code, ran.stderr).toBe(5);
        expect(ran.stderr).toMatch(
          /rollbench: drain@5s: the API server at https:\/\/127\.0\.0\.1:\d+ did not answer: /,
        );
        expect(ran.stderr).toContain(
          `rollbench: left changed: node ${node} not uncordoned (kubectl uncordon ${node}): `,
        );
        expect(ran.stderr).toMatch(/Result written to .*result\.json/);
        expect(ran.result.summary.requests).toBeGreaterThan(0);
        expect(ran.result.incomplete).toMatch(/^drain@5s: /);
        expect(ran.result.actions[0]?.error).toMatch(/did not answer/);
        expect(ran.result.restored?.restored).toEqual([]);
        expect(ran.result.restored?.leftChanged).toHaveLength(1);
        // It said so because it is so: the node is still cordoned once the API server is back.
        setup.relay.refuse(false);
        expect(await cordoned(setup.sample)).toBe(true);
      } finally {
        setup.relay.refuse(false);
        await setup.sample.cluster.api(`/api/v1/nodes/${node}`, {
          method: 'PATCH',
          contentType: 'application/strategic-merge-patch+json',
          body: { spec: { unschedulable: null } },
        });
      }
    },
    runDeadlineMs + 60_000,
  );

  it(
    'a 429 storm with Retry-After during the drain: waited out, the drain completes, the node is uncordoned',
    async () => {
      const ran = await runDrain('storm', () => {
        // Fewer answers per storm than client-go's 10 retries of one request: each is waited out.
        setup.faults.failNext({ method: 'POST', path: /\/eviction$/, status: 429, count: 6, retryAfterSeconds: 1 });
        setup.faults.failNext({ method: 'GET', path: '/api/v1/', status: 429, count: 6, retryAfterSeconds: 1 });
      });
      // Without preStop the evicted pods drop requests: exit 4, as without the storm; not 5.
      expect([0, 4], ran.stderr).toContain(ran.code);
      expect(ran.result.incomplete).toBeUndefined();
      expect(ran.result.actions[0]?.error).toBeUndefined();
      expect(ran.result.actions[0]?.finishedMs).toBeDefined();
      expect(ran.result.restored).toEqual({ restored: [`uncordoned ${node}`], leftChanged: [] });
      expect(await cordoned(setup.sample)).toBe(false);
    },
    runDeadlineMs + 30_000,
  );

  it(
    'a run that passed but could not uncordon the node: exit 7, not 0, naming what it left changed',
    async () => {
      // An SLO any drain meets, so the run passes and only the restore fails.
      const lenient = join(dir.path, 'k8s-drain-lenient.yaml');
      const text = await readFile(scenario, 'utf8');
      await writeFile(lenient, text.replace('maxFailedRequests: 0', 'maxFailedRequests: 1000000'));
      // Once cordoned, the node's next PATCH is the uncordon: refused more often than restore retries it.
      const uncordon = { method: 'PATCH', path: new RegExp(`^/api/v1/nodes/${node}(\\?|$)`), status: 500 };
      try {
        const ran = await runDrain('left-cordoned', () => setup.faults.failNext({ ...uncordon, count: 20 }), lenient);
        expect(ran.code, ran.stderr).toBe(7);
        expect(ran.result.verdict.passed).toBe(true);
        expect(ran.result.incomplete).toBeUndefined();
        expect(ran.result.restored?.leftChanged).toEqual([
          expect.stringMatching(new RegExp(`^node ${node} not uncordoned \\(kubectl uncordon ${node}\\): `)),
        ]);
        expect(ran.stderr).toContain(`rollbench: left changed: node ${node} not uncordoned`);
        expect(ran.stderr).toContain('rollbench: the run passed, but one change could not be put back (left changed: ');
        expect(ran.stderr).toContain('hint: put back by hand');
      } finally {
        // What is left of the fault's count is used up here, then the node is uncordoned.
        await eventually(async () => {
          const patched = await setup.sample.cluster.api(`/api/v1/nodes/${node}`, {
            method: 'PATCH',
            contentType: 'application/strategic-merge-patch+json',
            body: { spec: { unschedulable: null } },
          });
          return patched.status === 200 ? true : undefined;
        }, 30_000);
      }
    },
    runDeadlineMs + 60_000,
  );
});

describe('rollbench run k8s-drain.yaml when the credentials are revoked mid-run', () => {
  const { setup, runDrain } = useRelayedCluster();

  it(
    '401 from then on: exit 5 with a message naming the credentials and a hint, the result written, the node named',
    async () => {
      // The eviction is refused a few times first, so that the drain is still under way when the cordon is seen and
      // the credentials go (on an idle machine the drain could otherwise end first, and the 401 hit only the restore).
      // Once those refusals are used up, the drain's next eviction meets the 401 like every other request.
      setup.faults.failNext({ method: 'POST', path: /\/eviction$/, status: 429, count: 3, retryAfterSeconds: 2 });
      const ran = await runDrain('revoked', () => {
        // Every request from now on (this cluster is used for nothing else); open watches are cut, as a server
        // would, so that they are asked again.
        setup.faults.failNext({ path: '/', status: 401, count: 1_000_000 });
        setup.faults.dropWatches();
      });
      expect(ran.code, ran.stderr).toBe(5);
      expect(ran.stderr).toMatch(
        /rollbench: drain@5s: the API server at https:\/\/127\.0\.0\.1:\d+ no longer accepts the credentials of context "test" \(401 Unauthorized/,
      );
      expect(ran.stderr).toContain('get fresh credentials for context "test"');
      expect(ran.stderr).toContain(
        `rollbench: left changed: node ${node} not uncordoned (kubectl uncordon ${node}): Unauthorized (401)`,
      );
      expect(ran.result.summary.requests).toBeGreaterThan(0);
      expect(ran.result.incomplete).toMatch(/^drain@5s: .*401 Unauthorized/);
    },
    runDeadlineMs + 30_000,
  );
});
