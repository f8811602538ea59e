import { describe, expect, it } from 'vitest';
import { describePods } from '../../src/scenario/pod-names.js';
import { minimal, problemsOf, yaml } from './problems-of.js';

/** 3 replicas (web-r1-1 … web-r1-3), lines 1-8; the disruptions follow from line 9 on. */
const threeReplicas = [...minimal, '  replicas: 3', 'warmup: 1s', 'disruptions:'];

describe('deletePod: the pod named must be one the local platform runs by then', () => {
  it('lists the pods when the first disruption names one that does not exist', () => {
    expect(problemsOf(yaml(...threeReplicas, '  - { at: 5s, action: deletePod, pod: web-1 }'))).toEqual([
      'broken.yaml:9:39 disruptions[0].pod: no pod "web-1" runs at 5s: the pods then are web-r1-1 … web-r1-3 ' +
        '(named web-r<revision>-<n>); or write random',
    ]);
  });

  it('follows rollouts, scale-ups and deletions: each new pod takes the next number', () => {
    const problems = problemsOf(
      yaml(
        ...threeReplicas,
        '  - { at: 2s, action: deletePod, pod: web-r1-2 }', // → web-r1-1, web-r1-3, web-r1-4
        '  - { at: 3s, action: scale, replicas: 4 }', // + web-r1-5
        '  - { at: 4s, action: deletePod, pod: web-r1-5 }', // → + web-r1-6
        '  - { at: 5s, action: rollout }', // → web-r2-7 … web-r2-10
        '  - { at: 6s, action: deletePod, pod: web-r1-1 }',
      ),
    );
    expect(problems).toEqual([
      'broken.yaml:13:39 disruptions[4].pod: no pod "web-r1-1" runs at 6s: the pods then are web-r2-7 … web-r2-10 ' +
        '(named web-r<revision>-<n>); or write random',
    ]);
  });

  it('takes disruptions in time order, not file order', () => {
    const later = '  - { at: 9s, action: rollout }';
    expect(() => problemsOf(yaml(...threeReplicas, later, '  - { at: 2s, action: deletePod, pod: web-r1-3 }'))).toThrow(
      'expected the scenario to be rejected',
    );
  });

  it('says only some may run after a random deletion or a scale-down', () => {
    const random = '  - { at: 2s, action: deletePod }';
    expect(problemsOf(yaml(...threeReplicas, random, '  - { at: 3s, action: deletePod, pod: web-r1-9 }'))).toEqual([
      'broken.yaml:10:39 disruptions[1].pod: no pod "web-r1-9" runs at 3s: only some of web-r1-1 … web-r1-4 run then ' +
        '(named web-r<revision>-<n>); or write random',
    ]);
  });

  it('after a drain, checks the name pattern and the revision only', () => {
    const drain = [
      ...minimal,
      '  replicas: 3',
      '  nodes: [node-a, node-b]',
      'warmup: 1s',
      'disruptions:',
      '  - { at: 2s, action: drain, node: node-a }',
    ];
    expect(() => problemsOf(yaml(...drain, '  - { at: 3s, action: deletePod, pod: web-r1-5 }'))).toThrow(
      'expected the scenario to be rejected',
    );
    expect(problemsOf(yaml(...drain, '  - { at: 3s, action: deletePod, pod: web-r2-5 }'))).toEqual([
      'broken.yaml:11:39 disruptions[1].pod: "web-r2-5" is not a pod the local platform runs at 3s: its pods are ' +
        'named web-r<revision>-<n> (revision 1 to 1 by then), or write random',
    ]);
  });
});

describe('describePods', () => {
  it('collapses runs of three or more consecutive pods of a revision', () => {
    expect(describePods(['web-r1-1', 'web-r1-3', 'web-r1-4', 'web-r1-5', 'web-r2-6', 'web-r2-7'])).toBe(
      'web-r1-1, web-r1-3 … web-r1-5, web-r2-6, web-r2-7',
    );
  });
});
