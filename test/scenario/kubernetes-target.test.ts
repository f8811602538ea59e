import { describe, expect, it } from 'vitest';
import { toRunSpec } from '../../src/run/from-scenario.js';
import { formatPlan, planRun } from '../../src/run/plan.js';
import { parseScenario } from '../../src/scenario/index.js';
import { minimal, problemsOf, yaml } from './problems-of.js';

/** A kubernetes scenario's first lines; tests append from line 5 on. */
const cluster = ['name: t', 'target:', '  platform: kubernetes', '  deployment: sample-app'];

describe('a kubernetes target', () => {
  it('names a Deployment; namespace, service and url are optional, and nothing of the workload is written', () => {
    const { scenario } = parseScenario(yaml(...cluster), 'k.yaml');
    expect(scenario.target).toEqual({ platform: 'kubernetes', deployment: 'sample-app' });
    const full = parseScenario(
      yaml(...cluster, '  namespace: shop', '  service: web.v2', '  url: http://127.0.0.1:30080/'),
      'k.yaml',
    ).scenario;
    expect(full.target).toMatchObject({ namespace: 'shop', service: 'web.v2', url: 'http://127.0.0.1:30080/' });
  });

  it('reports what a local target would take, and bad names, at their line and column', () => {
    expect(
      problemsOf(yaml(...cluster, '  replicas: 3', '  namespace: Shop', '  url: ftp://x/', '  service: -web')),
    ).toEqual([
      'broken.yaml:5:3 target.replicas: unknown field; expected one of platform, namespace, deployment, service, url',
      expect.stringMatching(/^broken\.yaml:6:14 target\.namespace: "Shop" is not a valid namespace/),
      'broken.yaml:7:8 target.url: must be an absolute http:// or https:// URL',
      expect.stringMatching(/^broken\.yaml:8:12 target\.service: "-web" is not a valid service name/),
    ]);
    expect(problemsOf(yaml('name: t', 'target:', '  platform: kubernetes'))).toEqual([
      'broken.yaml:3:3 target.deployment: required',
    ]);
  });

  it('rolls out a restart, an image or a template patch; a local app only on a local target, and one change at a time', () => {
    const { scenario } = parseScenario(
      yaml(
        ...cluster,
        'warmup: 0s',
        'disruptions:',
        '  - { at: 1s, action: rollout }',
        '  - { at: 2s, action: rollout, image: { app: "ghcr.io/x/app:2" } }',
        '  - { at: 3s, action: rollout, patch: { metadata: { labels: { v: "3" } } } }',
      ),
      'k.yaml',
    );
    expect(toRunSpec(scenario).disruptions.map((disruption) => disruption.spec)).toEqual([
      { action: 'rollout', change: { kind: 'restart' } },
      { action: 'rollout', change: { kind: 'image', images: { app: 'ghcr.io/x/app:2' } } },
      { action: 'rollout', change: { kind: 'patch', template: { metadata: { labels: { v: '3' } } } } },
    ]);
    expect(
      problemsOf(
        yaml(
          ...cluster,
          'warmup: 0s',
          'disruptions:',
          '  - { at: 1s, action: rollout, app: { sampleApp: {} } }',
          '  - { at: 2s, action: rollout, image: { app: x }, patch: {} }',
        ),
      ),
    ).toEqual([
      'broken.yaml:7:37 disruptions[0].app: a kubernetes target takes image or patch here, not app',
      'broken.yaml:8:58 disruptions[1].patch: image and patch exclude each other: one change per rollout',
    ]);
    expect(
      problemsOf(yaml(...minimal, 'warmup: 0s', 'disruptions: [{ at: 1s, action: rollout, image: { app: x } }]')),
    ).toEqual(['broken.yaml:7:49 disruptions[0].image: a local target takes app here, not image']);
  });

  it('takes kubectl’s flags over the scenario: -n and --url win, --kubeconfig and --context go to the platform', () => {
    const { scenario } = parseScenario(
      yaml(...cluster, '  namespace: shop', '  url: http://ops:pw@127.0.0.1:1/'),
      'k.yaml',
    );
    expect(toRunSpec(scenario).target).toEqual({
      platform: 'kubernetes',
      deployment: 'sample-app',
      namespace: 'shop',
      url: 'http://ops:pw@127.0.0.1:1/',
    });
    const spec = toRunSpec(scenario, 'k.yaml', {
      kubeconfig: 'k',
      context: 'kind',
      namespace: 'ci',
      url: 'http://127.0.0.1:2/',
    });
    expect(spec.target).toEqual({
      platform: 'kubernetes',
      deployment: 'sample-app',
      namespace: 'ci',
      url: 'http://127.0.0.1:2/',
      kubeconfig: 'k',
      context: 'kind',
    });
    // The result records the scenario's URL without its password.
    expect((spec.asRun as { target: { url: string } }).target.url).toBe('http://ops:<redacted>@127.0.0.1:1/');
    expect(formatPlan(spec, planRun(spec))).toContain('check that deployment ci/sample-app exists and is rolled out');
  });
});
