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
});
