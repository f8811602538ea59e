import { describe, expect, it } from 'vitest';
import { eventually, kubectlPath, rolloutTimeoutMs, useSampleAppCluster } from './support.js';

const projectImage = 'ghcr.io/rollbench/rollbench';

describe.skipIf(kubectlPath === undefined)('real kubectl: set image and rollout undo', () => {
  const sampleAppCluster = useSampleAppCluster();
  const kubectl = (args: string[], timeoutMs?: number) => sampleAppCluster().kubectl(args, timeoutMs);

  const rolloutStatus = (timeout = '40s') =>
    kubectl(['rollout', 'status', 'deployment/sample-app', `--timeout=${timeout}`], rolloutTimeoutMs);
  /** Each ReplicaSet as `name revision desired ready image`, oldest revision first. */
  const replicaSets = async () => {
    const template =
      '{range .items[*]}{.metadata.name} {.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.replicas} {.status.readyReplicas} {.spec.template.spec.containers[0].image}{"\\n"}{end}';
    const got = await kubectl(['get', 'rs', '-l', 'app=sample-app', '-o', `jsonpath=${template}`]);
    return got.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .sort((a, b) => Number(a[1]) - Number(b[1]));
  };
  const deploymentRevision = async () =>
    (
      await kubectl([
        'get',
        'deploy',
        'sample-app',
        '-o',
        'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.template.spec.containers[0].image}',
      ])
    ).stdout;

  it(
    "set image to the project's image with a new tag: a new ReplicaSet at revision 2 whose pods run",
    async () => {
      expect((await rolloutStatus()).code).toBe(0);
      const [first] = await replicaSets();
      const set = await kubectl(['set', 'image', 'deployment/sample-app', `app=${projectImage}:0.1.1`]);
      expect(set.stdout).toBe('deployment.apps/sample-app image updated\n');
      const status = await rolloutStatus();
      expect(status.stdout).toContain('deployment "sample-app" successfully rolled out');
      const sets = await replicaSets();
      expect(sets).toEqual([
        [first?.[0], '1', '0', '', `${projectImage}:0.1.0`],
        [expect.stringMatching(/^sample-app-/), '2', '3', '3', `${projectImage}:0.1.1`],
      ]);
      expect(await deploymentRevision()).toBe(`2 ${projectImage}:0.1.1`);
    },
    rolloutTimeoutMs + 15_000,
  );

  it(
    "rollout undo: back to the previous revision's template, on its own ReplicaSet, which takes revision 3",
    async () => {
      const [first, second] = await replicaSets();
      const undo = await kubectl(['rollout', 'undo', 'deployment/sample-app']);
      expect(undo.stdout).toBe('deployment.apps/sample-app rolled back\n');
      expect((await rolloutStatus()).stdout).toContain('deployment "sample-app" successfully rolled out');
      // No third ReplicaSet: the first one's template matches again, so it is scaled back up and renumbered.
      expect(await replicaSets()).toEqual([
        [second?.[0], '2', '0', '', `${projectImage}:0.1.1`],
        [first?.[0], '3', '3', '3', `${projectImage}:0.1.0`],
      ]);
      expect(await deploymentRevision()).toBe(`3 ${projectImage}:0.1.0`);
      const history = await kubectl(['rollout', 'history', 'deployment/sample-app']);
      expect(history.stdout).toMatch(/^REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/m);
      const toRevision2 = await kubectl(['rollout', 'undo', 'deployment/sample-app', '--to-revision=2']);
      expect(toRevision2.code, toRevision2.stderr).toBe(0);
      expect((await rolloutStatus()).code).toBe(0);
      expect(await deploymentRevision()).toBe(`4 ${projectImage}:0.1.1`);
    },
    2 * rolloutTimeoutMs + 15_000,
  );

  it(
    'set image to an image this machine cannot run: the new pod waits with ErrImagePull, the old ones keep serving',
    async () => {
      const set = await kubectl(['set', 'image', 'deployment/sample-app', 'app=registry.example/absent:1.0']);
      expect(set.code, set.stderr).toBe(0);
      const waiting = await eventually(async () => {
        const got = await kubectl(['get', 'pods', '-l', 'app=sample-app', '--no-headers']);
        return got.stdout.split('\n').find((line) => /\s0\/1\s+ErrImagePull\s/.test(line));
      }, 15_000);
      const name = waiting.split(/\s+/)[0] ?? '';
      const reason = await kubectl([
        'get',
        'pod',
        name,
        '-o',
        'jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}: {.status.containerStatuses[0].state.waiting.message}',
      ]);
      expect(reason.stdout).toMatch(/^Pending ErrImagePull: .*registry\.example\/absent:1\.0/);
      // maxUnavailable 0: the three pods of the last good revision stay Running.
      const running = await kubectl(['get', 'pods', '-l', 'app=sample-app', '--no-headers']);
      expect(running.stdout.split('\n').filter((line) => /\s1\/1\s+Running\s/.test(line))).toHaveLength(3);
      const stuck = await rolloutStatus('3s');
      expect(stuck.code).not.toBe(0);
      expect(stuck.stdout).toContain('Waiting for deployment "sample-app" rollout to finish: 1 out of 3 new replicas');
      expect((await kubectl(['rollout', 'undo', 'deployment/sample-app'])).code).toBe(0);
      expect((await rolloutStatus()).code).toBe(0);
    },
    rolloutTimeoutMs + 30_000,
  );
});
