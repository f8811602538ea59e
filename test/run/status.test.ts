import { describe, expect, it } from 'vitest';
import { startScenario } from './helpers.js';

// What the progress line shows of a run: its phase, or what the platform waits for.

describe('a run’s status', () => {
  it('goes start-up → warmup → the drain, saying which eviction the PDB refused and that it is retried → cooldown', async () => {
    const { run } = await startScenario(
      `name: drain-status
target:
  platform: local
  app: { sampleApp: {} }
  replicas: 3
  nodes: [node-a, node-b]
  podDisruptionBudget: { minAvailable: 2 }
  readinessProbe: { periodSeconds: 0.1 }
load: { rate: 50, connections: 4 }
warmup: 1s
disruptions: [{ at: 1s, action: drain, node: node-a }]
cooldown: 500ms
`,
    );
    const seen: string[] = [];
    const poll = setInterval(() => {
      const status = run.status();
      if (seen.at(-1) !== status) seen.push(status);
    }, 20);
    const { result } = await run.done.finally(() => clearInterval(poll));
    expect(result.incomplete).toBeUndefined();
    expect(seen[0]).toMatch(/^start-up: [0-2] of 3 replicas ready$/);
    const at = (status: string) => seen.indexOf(status);
    expect(at('warmup')).toBeGreaterThan(0);
    const refused = seen.findIndex((status) =>
      /^drain@1s: eviction of web-[a-z0-9]+-[a-z0-9]{5} refused, retrying in 5 s: /.test(status),
    );
    expect(refused).toBeGreaterThan(at('warmup'));
    expect(seen.some((status) => status.startsWith('drain@1s'))).toBe(true);
    expect(at('cooldown')).toBeGreaterThan(refused);
  });
});
