import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { minimal, problemsOf, yaml } from './problems-of.js';

describe('the local replica limit', () => {
  it('refuses more than 100 replicas, naming the number and how to raise the limit', () => {
    expect(problemsOf(yaml(...minimal, '  replicas: 100000'))).toEqual([
      'broken.yaml:6:13 target.replicas: 100000 replicas is more than 100, the limit for local replicas (each is ' +
        'a process on this machine): if this machine can run that many, raise it with target.maxReplicas: 100000',
    ]);
  });

  it('holds for scale disruptions too', () => {
    const scale = ['warmup: 1s', 'disruptions:', '  - { at: 2s, action: scale, replicas: 101 }'];
    expect(problemsOf(yaml(...minimal, ...scale))).toEqual([
      expect.stringMatching(/^broken\.yaml:8:40 disruptions\[0\]\.replicas: 101 replicas is more than 100, /),
    ]);
  });

  it('is raised by target.maxReplicas', () => {
    const text = yaml(...minimal, '  replicas: 150', '  maxReplicas: 200');
    expect(parseScenario(text, 'ok.yaml').scenario.target).toMatchObject({ replicas: 150, maxReplicas: 200 });
    expect(problemsOf(yaml(...minimal, '  replicas: 250', '  maxReplicas: 200'))).toEqual([
      'broken.yaml:6:13 target.replicas: 250 replicas is more than 200, target.maxReplicas: if this machine can ' +
        'run that many, raise it with target.maxReplicas: 250',
    ]);
  });
});
