import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/run/result-file.js';
import { upgradeResult } from '../../src/run/result-upgrade.js';
import { rolloutPath } from '../report/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

describe('results saved by an earlier rollbench', () => {
  const dir = tempDir('rollbench-upgrade-');

  it('are read with their renamed fields under the current names', async () => {
    // A real result as an earlier version wrote it: an action's removed pods were `podsReplaced`, and an event's
    // action id or run phase its `subject`.
    const old = (await readFile(rolloutPath, 'utf8'))
      .replace('"schemaVersion": 3,', '"schemaVersion": 2,')
      .replaceAll('"podsRemoved"', '"podsReplaced"')
      .replaceAll('"runPhase": ', '"subject": ')
      .replaceAll('"action": "rollout@', '"subject": "rollout@');
    const path = join(dir.path, 'result.json');
    await writeFile(path, old);
    const result = await readResultFile(path);
    if (result.kind !== 'run') throw new Error('not a run result');
    expect(result.schemaVersion).toBe(3);
    expect(result.actions[0]?.podsRemoved).toEqual(['web-r1-3', 'web-r1-2', 'web-r1-1']);
    expect(result.actions[0]).not.toHaveProperty('podsReplaced');
    const started = result.timeline.filter((event) => event.type.endsWith('-started') && event.pod === undefined);
    expect(started.map(({ type, action, runPhase }) => [type, action ?? runPhase])).toEqual([
      ['phase-started', 'warmup'],
      ['phase-started', 'steady'],
      ['action-started', 'rollout@5s'],
      ['phase-started', 'cooldown'],
    ]);
    expect(result.timeline.some((event) => 'subject' in event)).toBe(false);
  });

  it('gives a node event’s subject to nobody (node names it) and another event’s to its object', () => {
    const timeline = [
      { atMs: 1, type: 'node-cordoned', subject: 'node-a', node: 'node-a' },
      { atMs: 2, type: 'rollout-progress', subject: 'web', detail: '1 of 3 updated' },
      { atMs: 3, type: 'replicas-changed', subject: 'hpa/web' },
    ];
    expect((upgradeResult({ schemaVersion: 2, kind: 'run', timeline }) as { timeline: unknown[] }).timeline).toEqual([
      { atMs: 1, type: 'node-cordoned', node: 'node-a' },
      { atMs: 2, type: 'rollout-progress', object: 'deployment/web', detail: '1 of 3 updated' },
      { atMs: 3, type: 'replicas-changed', object: 'hpa/web' },
    ]);
  });

  it('leave what is current, and what is not a result, as it is', () => {
    const current = {
      schemaVersion: 3,
      kind: 'run',
      actions: [{ id: 'scale@1s', podsRemoved: ['a'], podsCreated: [] }],
    };
    expect(upgradeResult(current)).toEqual(current);
    expect(upgradeResult([1, 2])).toEqual([1, 2]);
    expect(upgradeResult({ kind: 'capacity' })).toEqual({ kind: 'capacity' });
  });
});
