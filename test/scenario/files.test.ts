import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, loadScenarioFile, ScenarioError, validateFiles } from '../../src/scenario/index.js';

const scenariosDir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const shipped = (await readdir(scenariosDir)).filter((name) => name.endsWith('.yaml'));

describe('shipped scenarios', () => {
  it('include the two local rollouts', () => {
    expect(shipped).toEqual(expect.arrayContaining(['local-rollout.yaml', 'local-rollout-prestop.yaml']));
  });

  it.each(shipped)('%s validates, without warnings, and points editors at the schema', async (name) => {
    const path = join(scenariosDir, name);
    const { warnings } = await loadScenarioFile(path);
    expect(warnings).toEqual([]);
    const [validation] = await validateFiles([path]);
    expect(validation?.problems).toEqual([]);
  });

  it('local-rollout-prestop differs from local-rollout only by its name and a preStop longer than the propagation delay', async () => {
    const { scenario: plain } = await loadScenarioFile(join(scenariosDir, 'local-rollout.yaml'));
    const { scenario: fixed } = await loadScenarioFile(join(scenariosDir, 'local-rollout-prestop.yaml'));
    expect(plain.target.lifecycle).toBeUndefined();
    const preStopMs = (fixed.target.lifecycle?.preStop?.sleep.seconds ?? 0) * 1000;
    expect(preStopMs).toBeGreaterThan(fixed.target.proxy.endpointPropagationDelayMs);
    const { name: _a, description: _b, target: plainTarget, ...plainRest } = plain;
    const { name: _c, description: _d, target: fixedTarget, ...fixedRest } = fixed;
    expect(fixedRest).toEqual(plainRest);
    expect({ ...fixedTarget, lifecycle: undefined }).toEqual({ ...plainTarget, lifecycle: undefined });
  });
});

describe('loadScenarioFile and validateFiles', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollbench-scenario-'));
    await writeFile(join(dir, 'ok.yaml'), 'name: ok\ntarget: { platform: local, app: { sampleApp: {} } }\n');
    await writeFile(
      join(dir, 'bad.yaml'),
      'name: bad\ntarget: { platform: local, app: { sampleApp: {} } }\nwarmup: 5\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a missing file as a ScenarioError naming the file', async () => {
    const missing = join(dir, 'missing.yaml');
    const error = await loadScenarioFile(missing).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toBe(`${missing}: cannot read the scenario: no such file`);
  });

  it('validates every file, in order, keeping each file’s problems apart', async () => {
    const results = await validateFiles([join(dir, 'ok.yaml'), join(dir, 'bad.yaml'), join(dir, 'missing.yaml')]);
    expect(results.map(({ file, problems }) => [file, problems.map(formatProblem)])).toEqual([
      [join(dir, 'ok.yaml'), []],
      [join(dir, 'bad.yaml'), [`${join(dir, 'bad.yaml')}:3:9 warmup: "5" has no unit; write e.g. 5s or 5ms`]],
      [join(dir, 'missing.yaml'), [`${join(dir, 'missing.yaml')}: cannot read the scenario: no such file`]],
    ]);
  });
});
