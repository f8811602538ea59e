import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, RollbenchError } from '../../src/core/errors.js';
import { readResultOrLoadFile } from '../../src/index.js';
import { readResultFile } from '../../src/run/result-file.js';
import { encodedLatencies, event, runResult } from '../analysis/fixtures.js';
import { loadPath, rolloutPath } from '../report/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const goodRun = () =>
  runResult({
    buckets: [0, 1000, 2000, 3000].map((startMs) => ({
      startMs,
      outcomes: { '200': { count: 2, histogram: encodedLatencies([900, 1100]) } },
    })),
    timeline: [event(-500, 'pod-ready', 'web-r1-1')],
  });

describe('readResultFile', () => {
  const dir = tempDir('rollbench-result-');
  const refusal = async (data: unknown) => {
    const path = join(dir.path, 'result.json');
    await writeFile(path, typeof data === 'string' ? data : JSON.stringify(data));
    const error = await readResultFile(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RollbenchError);
    expect((error as RollbenchError).exitCode).toBe(ExitCode.invalidInput);
    const { message, details } = error as RollbenchError;
    return [message, ...details].map((line) => line.replace(`${path}: `, ''));
  };

  it('reads a run result whole', async () => {
    const path = join(dir.path, 'good.json');
    await writeFile(path, JSON.stringify(goodRun()));
    expect(await readResultFile(path)).toEqual(goodRun());
  });

  it('refuses a file that holds no JSON object', async () => {
    expect(await refusal('null')).toEqual(['not a rollbench result: the file holds null, not a JSON object']);
    expect(await refusal('[1]')).toEqual(['not a rollbench result: the file holds a list, not a JSON object']);
    expect(await refusal('42')).toEqual(['not a rollbench result: the file holds a number, not a JSON object']);
    expect(await refusal('{"schema')).toEqual([expect.stringMatching(/^not JSON: /)]);
  });

  it('names the place of a corrupt histogram', async () => {
    const result = goodRun();
    const outcome = result.buckets[3]?.outcomes['200'];
    if (outcome) outcome.histogram = 'HISTFAAAA!!';
    expect(await refusal(result)).toEqual([
      'not a valid rollbench result: buckets[3].outcomes["200"].histogram: not an HDR histogram (compressed ' +
        'base64): Invalid string. Length must be a multiple of 4',
    ]);
  });

  it('lists the first five problems and counts the others', async () => {
    const result = { ...goodRun(), timeline: Array.from({ length: 7 }, () => ({ atMs: 'soon', type: 'pod-ready' })) };
    const lines = await refusal(result);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^not a valid rollbench result: timeline\[0\]\.atMs: /);
    expect(lines.slice(1, 5)).toEqual([1, 2, 3, 4].map((i) => expect.stringMatching(`^timeline\\[${i}\\]\\.atMs: `)));
    expect(lines[5]).toBe('… and 2 more problems');
  });

  it('tells a load result, an unknown kind and another schema version apart', async () => {
    const { kind: _kind, timeline: _timeline, ...load } = goodRun();
    expect(await refusal(load)).toEqual([
      'is a `rollbench load` result: it holds no platform events (pods, endpoints, actions)',
    ]);
    expect(await refusal({ ...goodRun(), kind: 'compare' })).toEqual([
      'not a rollbench result: kind "compare" is neither "run" nor "capacity"',
    ]);
    expect(await refusal({ ...goodRun(), schemaVersion: 4 })).toEqual([
      'schemaVersion 4 is not one this rollbench reads (3)',
    ]);
    // A file of the version before says so, instead of blaming the file for fields that were renamed since.
    expect(await refusal({ ...goodRun(), schemaVersion: 1 })).toEqual([
      'schemaVersion 1 is not one this rollbench reads (3): it was written by an earlier rollbench (since then ' +
        'rates became sentRps/succeededRps, the generator CPU a share of the cores, the SLO p99Ms maxP99; ' +
        "an action's podsReplaced became podsRemoved, a timeline event's subject became action, runPhase or object)",
    ]);
  });
});

describe('readResultOrLoadFile, the library call `rollbench report` reads with', () => {
  it('reads what `rollbench load --json` wrote, and a run result, as the CLI does', async () => {
    const load = await readResultOrLoadFile(loadPath);
    expect('kind' in load).toBe(false);
    expect(load).toMatchObject({ settings: { model: 'open' }, summary: { outcomes: expect.any(Object) } });
    expect(await readResultOrLoadFile(rolloutPath)).toMatchObject({ kind: 'run' });
  });
});
