import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { formatProblem, parseScenario, ScenarioError } from '../../src/scenario/index.js';
import { local } from '../support/local-target.js';
import { problemsOf } from './problems-of.js';

/** A file's text, one argument per line, so that expected line numbers can be read off the test. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The five lines every valid scenario needs; tests append the field under test from line 6 on. */
const minimal = ['name: t', 'target:', '  platform: local', '  app:', '    sampleApp: {}'];

const closedWithRate = (closed: string) =>
  `rate and ${closed} exclude each other: the closed model sends as fast as its connections allow and takes no ` +
  'rate; remove rate, or write model: open';

describe('parseScenario: load.model, and the old max', () => {
  it('reads model: closed as the closed model, with no rate', () => {
    const { scenario, warnings } = parseScenario(yaml(...minimal, 'load:', '  model: closed'), 'closed.yaml');
    expect(warnings).toEqual([]);
    expect(scenario.load).toMatchObject({ model: 'closed' });
    expect(scenario.load.rate).toBeUndefined();
  });

  it('gives model: open without a rate the default rate, as when neither is written', () => {
    const { scenario, warnings } = parseScenario(yaml(...minimal, 'load: { model: open }'), 'open.yaml');
    expect(warnings).toEqual([]);
    expect(scenario.load).toMatchObject({ model: 'open', rate: 100 });
  });

  it('still reads max: true as the closed model, with a warning at its line giving the new spelling', () => {
    const { scenario, warnings } = parseScenario(
      yaml(...minimal, 'load:', '  connections: 3', '  max: true'),
      'old.yaml',
    );
    expect(scenario.load).toMatchObject({ model: 'closed', connections: 3 });
    expect(scenario.load.rate).toBeUndefined();
    expect(warnings.map(formatProblem)).toEqual([
      'old.yaml:8:8 load.max: max: true is deprecated and removed in the next release: write model: closed',
    ]);
  });

  it('still reads max: false as the open model, with a warning', () => {
    const { scenario, warnings } = parseScenario(yaml(...minimal, 'load: { rate: 20, max: false }'), 'old.yaml');
    expect(scenario.load).toMatchObject({ model: 'open', rate: 20 });
    expect(warnings.map(formatProblem)).toEqual([
      'old.yaml:6:24 load.max: max: false is deprecated and removed in the next release: remove it (the open model ' +
        'is the default) or write model: open',
    ]);
  });

  it('refuses model and max together, a rate with either closed spelling, and an unknown model', () => {
    expect(problemsOf(yaml(...minimal, 'load:', '  model: closed', '  max: true'))).toEqual([
      'broken.yaml:8:8 load.max: max is the old spelling of model (max: true is model: closed): remove it, model: ' +
        'closed says it',
    ]);
    expect(problemsOf(yaml(...minimal, 'load:', '  model: open', '  max: true'))).toEqual([
      'broken.yaml:8:8 load.max: max is the old spelling of model (max: true is model: closed): remove it, model: ' +
        'open says it',
    ]);
    expect(problemsOf(yaml(...minimal, 'load: { rate: 5, max: true }'))).toEqual([
      `broken.yaml:6:23 load.max: ${closedWithRate('max: true')}`,
    ]);
    expect(problemsOf(yaml(...minimal, 'load: { model: max }'))).toEqual([
      'broken.yaml:6:16 load.model: expected one of "open", "closed", got "max"',
    ]);
  });

  it('refuses the closed model in a capacity run, which steps the rate', () => {
    expect(problemsOf(yaml(...minimal, 'load: { model: closed }', 'capacity: { rates: [10, 20] }'))).toEqual([
      'broken.yaml:7:11 capacity: a capacity run steps the rate of the open model, and the load is the closed ' +
        'model: remove load.model: closed (or max: true)',
    ]);
  });
});

describe('parseScenario: capacity.targetRate, and the old targetRps', () => {
  it('sizes replicas for targetRate, in rps like every rate of the file', () => {
    const { scenario, warnings } = parseScenario(
      yaml(...minimal, 'capacity: { rates: [10, 20], targetRate: 300 }'),
      'capacity.yaml',
    );
    expect(warnings).toEqual([]);
    expect(scenario.capacity).toMatchObject({ ratesRps: [10, 20], targetRps: 300 });
  });

  it('still reads targetRps, with a warning at its line giving the new spelling', () => {
    const { scenario, warnings } = parseScenario(
      yaml(...minimal, 'capacity:', '  rates: [10, 20]', '  targetRps: 300'),
      'old.yaml',
    );
    expect(scenario.capacity).toMatchObject({ targetRps: 300 });
    expect(warnings.map(formatProblem)).toEqual([
      'old.yaml:8:14 capacity.targetRps: targetRps is deprecated and removed in the next release: write targetRate: 300',
    ]);
  });

  it('refuses both spellings together', () => {
    expect(problemsOf(yaml(...minimal, 'capacity: { rates: [10], targetRate: 300, targetRps: 300 }'))).toEqual([
      'broken.yaml:6:54 capacity.targetRps: targetRps is the old spelling of targetRate: remove it, targetRate says it',
    ]);
  });
});

describe('parseScenario: defaults', () => {
  it('fills in every default of a minimal file, durations in ms', () => {
    const { scenario, warnings } = parseScenario(yaml(...minimal), 'minimal.yaml');
    expect(warnings).toEqual([]);
    expect(scenario).toEqual({
      name: 't',
      target: {
        platform: 'local',
        app: { kind: 'sampleApp', cpuMs: 0, delayMs: 0, bodyBytes: 2, startupDelayMs: 0, onSigterm: 'exit' },
        replicas: 1,
        readinessProbe: {
          path: '/healthz',
          periodSeconds: 1,
          timeoutSeconds: 1,
          initialDelaySeconds: 0,
          failureThreshold: 3,
          successThreshold: 1,
        },
        terminationGracePeriodSeconds: 30,
        minReadySeconds: 0,
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        proxy: { mode: 'l7', endpointPropagationDelayMs: 1000, jitterMs: 0 },
        maxReplicas: 100,
      },
      load: {
        path: '/',
        model: 'open',
        rate: 100,
        connections: 10,
        timeoutMs: 5000,
        method: 'GET',
        headers: {},
        bucketMs: 1000,
        httpClient: 'rollbench',
        podHeader: 'x-rollbench-pod',
      },
      warmupMs: 5000,
      cooldownMs: 5000,
      disruptions: [],
      slo: {},
      sampleIntervalMs: 1000,
      timeoutMs: 300_000,
    });
  });

  it('reads a command app: a string runs under sh -c, the probe path defaults to /', () => {
    const { scenario } = parseScenario(
      yaml('name: t', 'target:', '  platform: local', '  app:', '    command: node server.js --port {port}'),
      'command.yaml',
    );
    expect(local(scenario.target).app).toEqual({
      kind: 'command',
      command: ['sh', '-c', 'node server.js --port {port}'],
      env: {},
    });
    expect(local(scenario.target).readinessProbe.path).toBe('/');
  });

  it('accepts {port} in an env value, and the closed model with an absolute URL', () => {
    const { scenario } = parseScenario(
      yaml(
        'name: t',
        'target:',
        '  platform: local',
        '  app: { command: [node, server.js], env: { PORT: "{port}" } }',
        'load: { model: closed, url: "http://127.0.0.1:9/x" }',
      ),
      'closed.yaml',
    );
    expect(local(scenario.target).app).toEqual({
      kind: 'command',
      command: ['node', 'server.js'],
      env: { PORT: '{port}' },
    });
    expect(scenario.load).toMatchObject({ model: 'closed', url: 'http://127.0.0.1:9/x' });
    expect(scenario.load.rate).toBeUndefined();
    expect(scenario.load.path).toBeUndefined();
  });

  it('keeps disruptions in the order written, each with atMs and its own fields', () => {
    const { scenario } = parseScenario(
      yaml(
        ...minimal,
        '  nodes: [node-a, node-b]',
        'disruptions:',
        '  - { at: 30s, action: scale, replicas: 5 }',
        '  - { at: 10s, action: rollout, app: { sampleApp: { delay: 5ms } } }',
        '  - { at: 40s, action: drain, node: node-a }',
        '  - { at: 50s, action: deletePod }',
      ),
      'disruptions.yaml',
    );
    expect(scenario.disruptions).toEqual([
      { atMs: 30_000, action: 'scale', replicas: 5 },
      {
        atMs: 10_000,
        action: 'rollout',
        app: { kind: 'sampleApp', cpuMs: 0, delayMs: 5, bodyBytes: 2, startupDelayMs: 0, onSigterm: 'exit' },
      },
      { atMs: 40_000, action: 'drain', node: 'node-a' },
      { atMs: 50_000, action: 'deletePod', pod: 'random' },
    ]);
  });

  it('warns (without failing) when preStop outlasts the grace period', () => {
    const { warnings } = parseScenario(
      yaml(...minimal, '  lifecycle: { preStop: { sleep: { seconds: 40 } } }'),
      'prestop.yaml',
    );
    expect(warnings.map(formatProblem)).toEqual([
      'prestop.yaml:6:45 target.lifecycle.preStop.sleep.seconds: preStop sleeps 40s, longer than ' +
        'terminationGracePeriodSeconds (30), which includes it: a Kubernetes API server rejects this pod spec; run ' +
        'locally, the sleep is cut off at the grace period and SIGTERM gets the kubelet’s minimum 2s before SIGKILL',
    ]);
  });
});

describe('parseScenario: problems, each at its file:line:col', () => {
  it('reports a wrong type', () => {
    expect(problemsOf(yaml(...minimal, '  replicas: three'))).toEqual([
      'broken.yaml:6:13 target.replicas: expected a number, got "three"',
    ]);
    expect(problemsOf(yaml(...minimal, '  replicas: 1.5'))).toEqual([
      'broken.yaml:6:13 target.replicas: expected an integer, got 1.5',
    ]);
    expect(problemsOf(yaml(...minimal, 'load:', '  headers: { x-test: 1 }'))).toEqual([
      "broken.yaml:7:22 load.headers.x-test: expected a string, got 1 (quote it: '1')",
    ]);
  });

  it('reports an unknown field at its key, suggesting the closest known one', () => {
    expect(problemsOf(yaml(...minimal, '  replica: 3'))).toEqual([
      'broken.yaml:6:3 target.replica: unknown field; did you mean "replicas"?',
    ]);
    expect(problemsOf(yaml(...minimal, 'sloo: {}', 'colour: blue'))).toEqual([
      'broken.yaml:6:1 sloo: unknown field; did you mean "slo"?',
      'broken.yaml:7:1 colour: unknown field; expected one of name, description, target, load, warmup, cooldown, ' +
        'disruptions, capacity, slo, compare, sampleInterval, timeout',
    ]);
  });

  it("rejects a bare number as a duration with parseDurationMs' message", () => {
    expect(problemsOf(yaml(...minimal, 'warmup: 10'))).toEqual([
      'broken.yaml:6:9 warmup: "10" has no unit; write e.g. 10s or 10ms',
    ]);
  });

  it('rejects negative, garbage and zero durations', () => {
    expect(
      problemsOf(
        yaml(...minimal, '  proxy: { endpointPropagationDelay: -1s }', 'cooldown: soon', 'load: { timeout: 0s }'),
      ),
    ).toEqual([
      'broken.yaml:6:38 target.proxy.endpointPropagationDelay: "-1s" is not a duration; use a number and a unit: ms, ' +
        's, m or h (e.g. 500ms, 10s, 2m)',
      'broken.yaml:7:11 cooldown: "soon" is not a duration; use a number and a unit: ms, s, m or h (e.g. 500ms, 10s, 2m)',
      'broken.yaml:8:18 load.timeout: must be longer than 0ms',
    ]);
  });

  it('rejects bad percentages', () => {
    expect(
      problemsOf(
        yaml(...minimal, '  strategy:', '    rollingUpdate:', '      maxSurge: 120%', '      maxUnavailable: abc%'),
      ),
    ).toEqual([
      'broken.yaml:8:17 target.strategy.rollingUpdate.maxSurge: a percentage must be between 0% and 100%',
      'broken.yaml:9:23 target.strategy.rollingUpdate.maxUnavailable: expected an integer or a percentage such as ' +
        '"25%", got "abc%"',
    ]);
    expect(
      problemsOf(yaml(...minimal, '  strategy: { rollingUpdate: { maxSurge: -1, maxUnavailable: true } }')),
    ).toEqual([
      'broken.yaml:6:42 target.strategy.rollingUpdate.maxSurge: must be ≥ 0',
      'broken.yaml:6:62 target.strategy.rollingUpdate.maxUnavailable: expected an integer or a percentage such as ' +
        '"25%", got true',
    ]);
  });

  it('rejects maxSurge and maxUnavailable that both resolve to 0', () => {
    expect(
      problemsOf(
        yaml(...minimal, '  replicas: 3', '  strategy:', '    rollingUpdate: { maxSurge: 0, maxUnavailable: 0 }'),
      ),
    ).toEqual([
      'broken.yaml:8:20 target.strategy.rollingUpdate: maxSurge 0 and maxUnavailable 0 both resolve to 0 pods with 3 ' +
        'replicas, so a rollout could never replace a pod; allow a surge (e.g. maxSurge: 1) or unavailability',
    ]);
    // 25 % of 3 rounds down to 0, as the Deployment controller rounds maxUnavailable.
    expect(problemsOf(yaml(...minimal, '  replicas: 3', '  strategy:', '    rollingUpdate: { maxSurge: 0 }'))).toEqual([
      'broken.yaml:8:20 target.strategy.rollingUpdate: maxSurge 0 and maxUnavailable 25% both resolve to 0 pods with ' +
        '3 replicas, so a rollout could never replace a pod; allow a surge (e.g. maxSurge: 1) or unavailability',
    ]);
  });

  it('reports a YAML syntax error at its place, and nothing else', () => {
    // The over-indented line turns `local` into a multi-line key; YAML reports it there, twice over.
    expect(problemsOf(yaml('name: t', 'target:', '  platform: local', '   app: x', 'warmup: 10'))).toEqual([
      'broken.yaml:3:13: Nested mappings are not allowed in compact mappings',
      'broken.yaml:3:13: Implicit keys need to be on a single line',
    ]);
    // YAML notices a missing quote where the text ends.
    expect(problemsOf(yaml('name: "t', 'warmup: 1s'))).toEqual(['broken.yaml:3:1: Missing closing "quote']);
    expect(problemsOf(yaml('name: t', 'name: u'))).toEqual(['broken.yaml:2:1: Map keys must be unique']);
  });

  it('reports a missing required field at the mapping that lacks it', () => {
    expect(problemsOf(yaml('name: t', 'target:', '  platform: local', '  replicas: 2'))).toEqual([
      'broken.yaml:3:3 target.app: required',
    ]);
    expect(problemsOf(yaml('# a comment', 'target: { platform: local, app: { sampleApp: {} } }'))).toEqual([
      'broken.yaml:2:1 name: required',
    ]);
    expect(problemsOf(yaml('name: t', 'target:', '  app: { sampleApp: {} }'))).toEqual([
      'broken.yaml:3:3 target.platform: required: one of local, kubernetes',
    ]);
    expect(problemsOf(yaml('name: t', 'target:', '  platform: openshift'))).toEqual([
      'broken.yaml:3:13 target.platform: unknown platform "openshift"; expected one of local, kubernetes',
    ]);
  });

  it('refuses aliases that expand without bound (a "billion laughs" file)', () => {
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 6; level++)
      levels.push(
        `l${level}: &l${level} [${Array(10)
          .fill(`*l${level - 1}`)
          .join(', ')}]`,
      );
    expect(problemsOf(yaml(...levels))).toEqual([
      'broken.yaml:1:1: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('explains an empty file and a file that is not a mapping', () => {
    expect(problemsOf('')).toEqual([
      'broken.yaml:1:1: the file is empty: a scenario needs at least a name and a target',
    ]);
    expect(problemsOf(yaml('- name: t'))).toEqual([
      'broken.yaml:1:1: a scenario is a mapping of fields (name:, target:, ...), got a list',
    ]);
  });

  it('rejects a disruption that starts during the warmup, or after the run timeout', () => {
    expect(
      problemsOf(
        yaml(
          ...minimal,
          'warmup: 5s',
          'timeout: 1m',
          'disruptions:',
          '  - at: 2s',
          '    action: rollout',
          '  - { at: 2m, action: deletePod }',
        ),
      ),
    ).toEqual([
      'broken.yaml:9:9 disruptions[0].at: starts during the warmup (2s < warmup 5s): the warmup is not judged, so a ' +
        'disruption must start at or after its end',
      'broken.yaml:11:11 disruptions[1].at: starts after the run is stopped (timeout 1m)',
    ]);
  });

  it('rejects a drain of an unknown node, or with no nodes at all', () => {
    expect(
      problemsOf(
        yaml(...minimal, '  nodes: [node-a, node-b]', 'disruptions:', '  - { at: 10s, action: drain, node: node-c }'),
      ),
    ).toEqual(['broken.yaml:8:37 disruptions[0].node: unknown node "node-c"; did you mean "node-a"?']);
    expect(problemsOf(yaml(...minimal, 'disruptions:', '  - { at: 10s, action: drain, node: node-a }'))).toEqual([
      'broken.yaml:7:37 disruptions[0].node: drain needs target.nodes: list the nodes the replicas are spread over',
    ]);
  });

  it('names an unknown action, and the fields an action requires', () => {
    expect(
      problemsOf(yaml(...minimal, 'disruptions:', '  - { at: 10s, action: rolout }', '  - { at: 10s, action: scale }')),
    ).toEqual([
      'broken.yaml:7:24 disruptions[0].action: unknown action "rolout"; did you mean "rollout"?',
      'broken.yaml:8:5 disruptions[1].replicas: required',
    ]);
  });

  it('enforces fields that exclude each other, and a command without {port}', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'target:',
          '  platform: local',
          '  app: { command: [node, s.js] }',
          'load: { rate: 5, model: closed, path: /a, url: "http://h/" }',
        ),
      ),
    ).toEqual([
      'broken.yaml:4:19 target.app.command: must contain {port} (in an argument or an env value): each replica gets ' +
        'its own port',
      `broken.yaml:5:25 load.model: ${closedWithRate('model: closed')}`,
      'broken.yaml:5:48 load.url: path and url exclude each other: choose one',
    ]);
    // Reported even when one of the two is wrong itself.
    expect(problemsOf(yaml(...minimal, 'load: { rate: -1, model: closed, headers: { "bad header": x } }'))).toEqual([
      'broken.yaml:6:15 load.rate: must be > 0',
      `broken.yaml:6:26 load.model: ${closedWithRate('model: closed')}`,
      'broken.yaml:6:45 load.headers["bad header"]: not a header name: a name is one token (letters, digits and ' +
        "!#$%&'*+-.^_`|~; no spaces)",
    ]);
    expect(problemsOf(yaml(...minimal, 'load: { path: health }'))).toEqual([
      'broken.yaml:6:15 load.path: must start with / (or use url: for an absolute URL)',
    ]);
  });

  it('refuses what the HTTP client would refuse on every request, and a rate past one process', () => {
    const otherHeaders = ['    x-a: "b\\u0001c"', '    X-Token: a', '    x-token: b', '    content-length: "5"'];
    expect(
      problemsOf(
        yaml(
          ...minimal,
          'load:',
          '  rate: 200000',
          '  method: connect',
          '  headers:',
          '    Transfer-Encoding: chunked',
          ...otherHeaders,
          '  body: abc',
        ),
      ),
    ).toEqual([
      'broken.yaml:7:9 load.rate: must be at most 100000 rps: one process tops out at a few tens of thousands of ' +
        'requests per second; for more, run several rollbench processes (on several machines if need be), each with ' +
        'a share of the rate, and add up their results',
      'broken.yaml:8:11 load.method: CONNECT opens a tunnel instead of sending a request: it cannot be load-tested',
      'broken.yaml:10:5 load.headers.Transfer-Encoding: the HTTP client sets it (a body is sent with content-length); ' +
        'leave it out',
      'broken.yaml:14:21 load.headers.content-length: 5 does not match the body (3 bytes): leave it out, it is set ' +
        'from the body',
    ]);
    // Once every name is right, the values and the names given twice too.
    expect(problemsOf(yaml(...minimal, 'load:', '  headers:', ...otherHeaders, '  body: abc'))).toEqual([
      'broken.yaml:8:10 load.headers.x-a: its value holds the control character U+0001 at character 2: header values ' +
        'take visible characters, spaces and tabs only',
      'broken.yaml:10:14 load.headers.x-token: given twice (header names are case-insensitive)',
      'broken.yaml:11:21 load.headers.content-length: 5 does not match the body (3 bytes): leave it out, it is set ' +
        'from the body',
    ]);
  });

  it('takes the SLO under the names load takes as flags; p99Ms says it was renamed', () => {
    const slo = (...lines: string[]) => parseScenario(yaml(...minimal, 'slo:', ...lines), 'slo.yaml').scenario.slo;
    expect(slo('  maxFailedRequests: 3', '  maxErrorRate: 0.5%', '  maxP99: 250ms')).toEqual({
      maxFailedRequests: 3,
      maxErrorRate: 0.005,
      maxP99Ms: 250,
    });
    expect(slo('  maxErrorRate: 0.01')).toEqual({ maxErrorRate: 0.01 });
    expect(problemsOf(yaml(...minimal, 'slo:', '  p99Ms: 100', '  maxErrorRate: 150%', '  maxP99: 250'))).toEqual([
      'broken.yaml:7:10 slo.p99Ms: was renamed to maxP99, which takes a duration: write maxP99: 100ms',
      'broken.yaml:8:17 slo.maxErrorRate: "150%" is more than 100 %',
      'broken.yaml:9:11 slo.maxP99: "250" has no unit; write e.g. 250s or 250ms',
    ]);
  });

  it('reports every problem of a file at once, in file order', () => {
    const problems = problemsOf(
      yaml(
        'name: My Test',
        'target:',
        '  platform: local',
        '  app: { sampleApp: { cpu: 2, onSigterm: exitt } }',
        '  replica: 3',
        '  nodes: [node-a]',
        'load: { rate: -5 }',
        'warmup: 3s',
        'disruptions:',
        '  - { at: 1s, action: drain, node: node-b }',
        'slo: { maxErrorRate: 2 }',
      ),
    );
    expect(problems).toEqual([
      'broken.yaml:1:7 name: "My Test" is not a valid scenario name: use lowercase letters, digits and \'-\' ' +
        '(starting and ending with a letter or digit, at most 63 characters)',
      'broken.yaml:4:28 target.app.sampleApp.cpu: "2" has no unit; write e.g. 2s or 2ms',
      'broken.yaml:4:42 target.app.sampleApp.onSigterm: expected one of "exit", "drain", "ignore", got "exitt"; ' +
        'did you mean "exit"?',
      'broken.yaml:5:3 target.replica: unknown field; did you mean "replicas"?',
      'broken.yaml:7:15 load.rate: must be > 0',
      'broken.yaml:10:11 disruptions[0].at: starts during the warmup (1s < warmup 3s): the warmup is not judged, so a ' +
        'disruption must start at or after its end',
      'broken.yaml:10:36 disruptions[0].node: unknown node "node-b"; did you mean "node-a"?',
      "broken.yaml:11:22 slo.maxErrorRate: must be ≤ 1, a fraction of the requests; for a percentage write '2%'",
    ]);
  });

  it('throws a ScenarioError: exit 3, the first problem as message, the others as details', () => {
    let error: unknown;
    try {
      parseScenario(yaml('name: t', 'replicas: 2'), 'broken.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).toMatchObject({
      exitCode: ExitCode.invalidInput,
      code: 'INVALID_SCENARIO',
      message: 'broken.yaml:1:1 target: required',
      details: [expect.stringMatching(/^broken\.yaml:2:1 replicas: /)],
    });
  });
});
