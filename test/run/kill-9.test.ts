import { describe, expect, it } from 'vitest';
import { rollbenchBin } from '../support/cli.js';
import { childrenOf, groupMembers, killGroups } from '../support/processes.js';
import { until } from '../support/until.js';
import { runScenario } from './helpers.js';

// Each replica: a `sh -c` command that leaves a child of its own (sleep) and execs the sample app.
const scenario = `name: kill-9
target:
  platform: local
  app:
    command: "sleep 300 & exec '${process.execPath}' '${rollbenchBin}' sample-app --port {port} --name $POD_NAME --on-sigterm drain"
  replicas: 3
  readinessProbe: { path: /healthz, periodSeconds: 0.2 }
  lifecycle: { preStop: { sleep: { seconds: 5 } } }
  strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
load: { rate: 50, connections: 4 }
warmup: 1s
cooldown: 30s
disruptions: [{ at: 1s, action: rollout }]
`;

describe('rollbench run killed with kill -9 mid-rollout', () => {
  it('takes every replica with it, and what each one started, within a few seconds', async () => {
    let replicas: number[] = [];
    let membersBefore = 0;
    try {
      await runScenario(scenario, {
        whileRunning: (child) => {
          // Mid-rollout: the surge pod has started (4 replicas), and the first old one is in its 5 s preStop. The
          // replicas are the children of the embedded cluster, rollbench's child.
          const poll = setInterval(() => {
            const cluster = childrenOf(child.pid ?? 0)[0];
            const found = cluster === undefined ? [] : childrenOf(cluster);
            if (found.length < 4) return;
            clearInterval(poll);
            replicas = found;
            membersBefore = groupMembers(replicas).length;
            child.kill('SIGKILL');
          }, 50);
          child.on('exit', () => clearInterval(poll));
        },
      });
      expect(replicas).toHaveLength(4);
      // Each ready replica leads its process group: the app and the sleep its command left (and its watchdog).
      expect(membersBefore).toBeGreaterThanOrEqual(2 * 3); // the surge pod may still be starting
      // The cluster sees rollbench gone (its standard input closes) and stops every pod; were it killed too, each
      // pod's watchdog would.
      await until(() => groupMembers(replicas).length === 0, 10_000);
    } finally {
      killGroups(replicas);
    }
  });
});
