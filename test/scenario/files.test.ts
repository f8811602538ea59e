import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, loadScenarioFile, ScenarioError, validateFiles } from '../../src/scenario/index.js';
import { local } from '../support/local-target.js';
import { tempDir } from '../support/temp-dir.js';

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
    expect(local(plain.target).lifecycle).toBeUndefined();
    const preStopMs = (local(fixed.target).lifecycle?.preStop?.sleep.seconds ?? 0) * 1000;
    expect(preStopMs).toBeGreaterThan(local(fixed.target).proxy.endpointPropagationDelayMs);
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

describe('a file that is not YAML text', () => {
  const dir = tempDir('rollbench-binary-');
  const problemOf = async (name: string, bytes: Uint8Array) => {
    const path = join(dir.path, name);
    await writeFile(path, bytes);
    const [validation] = await validateFiles([path]);
    return validation?.problems.map(formatProblem);
  };

  it('is one problem at its first non-text byte, never its contents', async () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, ...Array(2000).fill(0xff)]);
    expect(await problemOf('binary.yaml', elf)).toEqual([
      `${join(dir.path, 'binary.yaml')}:1:8: not a text file (it holds a NUL byte): a scenario is a YAML text file`,
    ]);
    const latin1 = Buffer.from('name: caf\xe9\n', 'latin1');
    expect(await problemOf('latin1.yaml', Buffer.concat([Buffer.from('# ok\n'), latin1]))).toEqual([
      `${join(dir.path, 'latin1.yaml')}:2:10: not a text file (byte 0xe9 is not UTF-8): a scenario is a YAML text file`,
    ]);
  });

  it('asks for UTF-8 when the file is UTF-16', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\n', 'utf16le')]);
    expect(await problemOf('utf16.yaml', utf16)).toEqual([
      `${join(dir.path, 'utf16.yaml')}:1:1: is UTF-16 text: save the scenario as UTF-8`,
    ]);
  });

  it('reads UTF-8 with multi-byte characters and a byte-order mark', async () => {
    const path = join(dir.path, 'bom.yaml');
    const text = 'name: ok\ndescription: "café ☕"\ntarget: { platform: local, app: { sampleApp: {} } }\n';
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect((await loadScenarioFile(path)).scenario.description).toBe('café ☕');
  });
});
