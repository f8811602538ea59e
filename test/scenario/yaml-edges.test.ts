import { describe, expect, it } from 'vitest';
import { minimal, problemsOf, yaml } from './problems-of.js';

// What YAML itself lets through or words for programmers, told in the terms of someone editing a scenario.
describe('parseScenario: YAML edge cases', () => {
  it('places a second document where it starts and says a scenario file holds one', () => {
    expect(problemsOf(yaml(...minimal, '---', 'name: second'))).toEqual([
      'broken.yaml:6:1: a scenario file holds one YAML document, but a second one starts here (documents are ' +
        'separated by ---): put each scenario in its own file',
    ]);
  });

  it('says a number is too large rather than "got null" when YAML reads it as infinity', () => {
    expect(
      problemsOf(yaml(...minimal, '  replicas: 1e309', 'warmup: .nan', 'slo: { maxFailedRequests: -.inf }')),
    ).toEqual([
      'broken.yaml:6:13 target.replicas: the number is too large: it reads as infinity (not a finite number)',
      'broken.yaml:7:9 warmup: got .nan: not a number',
      'broken.yaml:8:27 slo.maxFailedRequests: the number is too small: it reads as -infinity (not a finite number)',
    ]);
  });

  it('says an integer beyond 2^53 is too large, not that it must be ≤ a bound no field set', () => {
    expect(problemsOf(yaml(...minimal, '  replicas: 1e20'))).toEqual([
      'broken.yaml:6:13 target.replicas: the number is too large: integers go up to 9007199254740991',
    ]);
  });
});
