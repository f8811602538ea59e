import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toRunSpec } from '../../src/run/from-scenario.js';
import { formatProblem, parseScenario } from '../../src/scenario/index.js';
import { local } from '../support/local-target.js';
import { problemsOf } from './problems-of.js';

/** A file's text, one argument per line, so that expected line numbers can be read off the test. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** 3 replicas over two nodes, lines 1-6; tests append the budget from line 7 on, then a drain. */
const target = [
  'name: t',
  'target:',
  '  platform: local',
  '  app: { sampleApp: {} }',
  '  replicas: 3',
  '  nodes: [a, b]',
];
const drainAt = (at: string, node = 'a') => ['disruptions:', `  - { at: ${at}, action: drain, node: ${node} }`];

const warningsOf = (text: string): string[] => parseScenario(text, 'w.yaml').warnings.map(formatProblem);

describe('target.podDisruptionBudget', () => {
  it('takes minAvailable or maxUnavailable, as a count or a percentage, and reaches the platform spec', () => {
    const parse = (budget: string) => parseScenario(yaml(...target, `  podDisruptionBudget: ${budget}`), 'ok.yaml');
    expect(local(parse('{ minAvailable: 2 }').scenario.target).podDisruptionBudget).toEqual({ minAvailable: 2 });
    expect(local(parse('{ minAvailable: "50%" }').scenario.target).podDisruptionBudget).toEqual({
      minAvailable: '50%',
    });
    expect(local(parse('{ maxUnavailable: 1 }').scenario.target).podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(local(toRunSpec(parse('{ maxUnavailable: "25%" }').scenario).target).podDisruptionBudget).toEqual({
      maxUnavailable: '25%',
    });
    const none = parseScenario(yaml(...target), 'ok.yaml').scenario;
    expect(local(none.target).podDisruptionBudget).toBeUndefined();
    expect('podDisruptionBudget' in toRunSpec(none).target).toBe(false);
  });

  it('needs exactly one of the two fields', () => {
    expect(problemsOf(yaml(...target, '  podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 }'))).toEqual([
      'broken.yaml:7:59 target.podDisruptionBudget.maxUnavailable: minAvailable and maxUnavailable exclude each ' +
        'other: a PodDisruptionBudget takes one',
    ]);
    expect(problemsOf(yaml(...target, '  podDisruptionBudget: {}'))).toEqual([
      'broken.yaml:7:24 target.podDisruptionBudget: needs minAvailable or maxUnavailable (exactly one)',
    ]);
    // Reported even when one of the two is wrong itself.
    expect(problemsOf(yaml(...target, '  podDisruptionBudget: { minAvailable: "150%", maxUnavailable: -1 }'))).toEqual([
      'broken.yaml:7:40 target.podDisruptionBudget.minAvailable: a percentage must be between 0% and 100%',
      'broken.yaml:7:64 target.podDisruptionBudget.maxUnavailable: must be ≥ 0',
      'broken.yaml:7:64 target.podDisruptionBudget.maxUnavailable: minAvailable and maxUnavailable exclude each ' +
        'other: a PodDisruptionBudget takes one',
    ]);
    expect(problemsOf(yaml(...target, '  podDisruptionBudget: { minAvailabel: 1 }'))).toEqual([
      'broken.yaml:7:24 target.podDisruptionBudget: needs minAvailable or maxUnavailable (exactly one)',
      'broken.yaml:7:26 target.podDisruptionBudget.minAvailabel: unknown field; did you mean "minAvailable"?',
    ]);
  });

  it('warns when the budget leaves no pod to evict: the drain would block until the run timeout', () => {
    expect(warningsOf(yaml(...target, '  podDisruptionBudget: { minAvailable: 3 }', ...drainAt('10s')))).toEqual([
      'w.yaml:7:40 target.podDisruptionBudget.minAvailable: minAvailable 3 with 3 replicas allows no eviction at ' +
        'all: the drain of a at 10s will block until the run timeout',
    ]);
    expect(warningsOf(yaml(...target, '  podDisruptionBudget: { maxUnavailable: "0%" }', ...drainAt('10s')))).toEqual([
      'w.yaml:7:42 target.podDisruptionBudget.maxUnavailable: maxUnavailable 0% with 3 replicas allows no eviction ' +
        'at all: the drain of a at 10s will block until the run timeout',
    ]);
    // Room to spare, no drain, or a scale before the drain that leaves room: nothing to say.
    expect(warningsOf(yaml(...target, '  podDisruptionBudget: { minAvailable: "50%" }', ...drainAt('10s')))).toEqual(
      [],
    );
    expect(warningsOf(yaml(...target, '  podDisruptionBudget: { minAvailable: 3 }'))).toEqual([]);
    expect(
      warningsOf(
        yaml(
          ...target,
          '  podDisruptionBudget: { minAvailable: 3 }',
          ...drainAt('10s'),
          '  - { at: 6s, action: scale, replicas: 4 }',
        ),
      ),
    ).toEqual([]);
  });

  it('rejects the drain that cordons the last schedulable node', () => {
    expect(problemsOf(yaml(...target, ...drainAt('20s', 'b'), '  - { at: 10s, action: drain, node: a }'))).toEqual([
      'broken.yaml:8:37 disruptions[0].node: drains the last schedulable node (a, b stay cordoned until the run ' +
        'ends): its pods would have nowhere to go; list one more node in target.nodes',
    ]);
    // Draining the same node twice leaves the other one.
    expect(() =>
      parseScenario(yaml(...target, ...drainAt('10s'), '  - { at: 20s, action: drain, node: a }'), 'ok.yaml'),
    ).not.toThrow();
  });
});

describe('scenarios/local-drain.yaml', () => {
  it('is valid, without warnings, and drains node-a under minAvailable 2', async () => {
    const text = await readFile(fileURLToPath(new URL('../../scenarios/local-drain.yaml', import.meta.url)), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const { scenario, warnings } = parseScenario(text, 'local-drain.yaml');
    expect(warnings).toEqual([]);
    expect(scenario.target).toMatchObject({ replicas: 3, nodes: ['node-a', 'node-b'] });
    expect(local(scenario.target).podDisruptionBudget).toEqual({ minAvailable: 2 });
    expect(scenario.disruptions).toEqual([{ atMs: 5000, action: 'drain', node: 'node-a' }]);
  });
});
