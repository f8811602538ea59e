import { describe, expect, it } from 'vitest';
import { toRunSpec } from '../../src/run/from-scenario.js';
import { formatPlan, planRun } from '../../src/run/plan.js';
import { parseScenario } from '../../src/scenario/index.js';

describe('toRunSpec', () => {
  it('records the scenario in the result without its credentials, and still sends them', () => {
    const text = [
      'name: t',
      'target: { platform: local, app: { sampleApp: {} } }',
      'load:',
      '  url: http://ops:s3cret@127.0.0.1:8080/',
      '  headers: { x-api-key: k3y, accept: text/plain }',
    ].join('\n');
    const spec = toRunSpec(parseScenario(text, 't.yaml').scenario);
    expect((spec.asRun as { load: unknown }).load).toMatchObject({
      url: 'http://ops:<redacted>@127.0.0.1:8080/',
      headers: { 'x-api-key': '<redacted>', accept: 'text/plain' },
    });
    expect(spec.load).toMatchObject({
      url: 'http://ops:s3cret@127.0.0.1:8080/',
      headers: { 'x-api-key': 'k3y', accept: 'text/plain' },
    });
  });

  it("records a command's secret environment and the request body without their values", () => {
    const text = [
      'name: t',
      'target: { platform: local, app: { command: ["srv", "{port}"], env: { API_TOKEN: t0ken, MODE: fast } } }',
      'load: { method: POST, body: "user=ops&password=s3cret" }',
      'disruptions: [{ at: 5s, action: rollout, app: { command: ["srv2", "{port}"], env: { DB_PASSWORD: pw } } }]',
    ].join('\n');
    const spec = toRunSpec(parseScenario(text, 't.yaml').scenario);
    const asRun = JSON.stringify(spec.asRun);
    for (const secret of ['t0ken', 's3cret', '"pw"']) expect(asRun).not.toContain(secret);
    expect(asRun).toContain('"MODE":"fast"');
    expect(asRun).toContain('"body":"<redacted> (24 bytes)"');
  });

  it('plans with the SLO in the units the user wrote: a rate as a percentage, a latency in ms', () => {
    const text =
      'name: t\ntarget: { platform: local, app: { sampleApp: {} } }\nslo: { maxErrorRate: 0.001, maxP99: 1s }';
    const spec = toRunSpec(parseScenario(text, 't.yaml').scenario);
    expect(formatPlan(spec, planRun(spec))).toMatch(/^SLO: maxErrorRate ≤ 0\.10 %, maxP99 ≤ 1000 ms$/m);
  });
});
