import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyseRun, type CapacityResult, type RunResult, recommend } from '../../src/index.js';
import { capacityPath, prestopPath } from '../report/fixtures.js';

const read = async <T>(path: string) => JSON.parse(await readFile(path, 'utf8')) as T;

// `rollbench recommend` as one library call: the result is judged afresh first, as the CLI judges it, so a file
// whose stored phases or findings are missing or stale (an older rollbench wrote it) gives the same answer as a
// fresh one — which analyseRun on the file as read does not.
describe('recommend', () => {
  it('a run: judged afresh, so stale phases do not change the resources it recommends', async () => {
    const result = await read<RunResult>(prestopPath);
    const stale: RunResult = { ...result, phases: [], verdict: { ...result.verdict, passed: !result.verdict.passed } };
    const recommended = recommend(stale);
    expect(recommended.kind).toBe('run');
    expect(recommended.analysis).toEqual(analyseRun(result));
    expect(analyseRun(stale).resources).not.toEqual(analyseRun(result).resources);
  });

  it('a run: the Deployment patch, or why there is none; a container it does not have is a usage error', async () => {
    const result = await read<RunResult>(prestopPath);
    const recommended = recommend(result);
    expect(recommended.kind === 'run' && recommended.analysis.termination !== undefined).toBe(true);
    expect(recommended.deployment).toEqual({ patch: { spec: expect.any(Object) } });
    const before = {
      name: 'shop/web',
      replicas: 2,
      strategy: { type: 'RollingUpdate' as const },
      minReadySeconds: 0,
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'web' }],
    };
    expect(() => recommend({ ...result, workload: { before } }, { container: 'app' })).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2 }),
    );
  });

  it('a capacity run: findings judged afresh, so a result without them still sizes replicas', async () => {
    const result = await read<CapacityResult>(capacityPath);
    const { maxPassingRps: _max, sizing: _sizing, stoppedEarly: _stopped, ...measured } = result;
    const fresh = recommend(result);
    expect(recommend(measured)).toEqual(fresh);
    expect(fresh).toMatchObject({
      kind: 'capacity',
      analysis: { recommendation: { sizing: { targetRps: 3000 } } },
      deployment: { patch: { spec: expect.any(Object) } },
    });
  });
});
