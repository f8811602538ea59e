import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { minimal, problemsOf, yaml } from './problems-of.js';

describe('the scenario’s compare: block', () => {
  it('takes the thresholds under the names compare takes as flags, the error rate as a fraction', () => {
    const { scenario } = parseScenario(
      yaml(
        ...minimal,
        'compare:',
        '  maxFailedRequestsIncrease: 2',
        '  maxErrorRateIncrease: 0.1%',
        '  p99IncreasePercent: 15',
        '  significance: 0.05',
      ),
      'compare.yaml',
    );
    expect(scenario.compare).toEqual({
      maxFailedRequestsIncrease: 2,
      maxErrorRateIncrease: 0.001,
      p99IncreasePercent: 15,
      significance: 0.05,
    });
    expect(parseScenario(yaml(...minimal), 'none.yaml').scenario.compare).toBeUndefined();
  });

  it('reports each bad threshold at its line and column', () => {
    expect(
      problemsOf(
        yaml(
          ...minimal,
          'compare:',
          '  maxFailedRequestsIncrease: -1',
          '  maxErrorRateIncrease: 2',
          '  significance: 0',
          '  p99Increase: 10',
        ),
      ),
    ).toEqual([
      'broken.yaml:7:30 compare.maxFailedRequestsIncrease: must be ≥ 0',
      "broken.yaml:8:25 compare.maxErrorRateIncrease: must be ≤ 1, a fraction of the requests; for a percentage write '2%'",
      'broken.yaml:9:17 compare.significance: must be > 0',
      'broken.yaml:10:3 compare.p99Increase: unknown field; expected one of ' +
        'maxFailedRequestsIncrease, maxErrorRateIncrease, p99IncreasePercent, significance',
    ]);
  });
});
