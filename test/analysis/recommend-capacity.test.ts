import { describe, expect, it } from 'vitest';
import { recommendFromCapacity } from '../../src/analysis/recommend/capacity.js';
import { capacityResult as capacity, capacityStep as step } from './fixtures.js';

const Mi = 1024 ** 2;

describe('recommendFromCapacity', () => {
  it('gives KRR-style resources from the highest step that met the SLO and ran to its end', () => {
    const analysis = recommendFromCapacity(
      capacity([
        step(250, true, { cpuP95: 200, memoryMax: 100 * Mi }),
        step(500, true, { cpuP95: 400, memoryMax: 200 * Mi }),
        step(750, true, { cpuP95: 900, memoryMax: 300 * Mi }, 'stopped'),
        step(1000, false, { cpuP95: 990, memoryMax: 300 * Mi }),
      ]),
    );
    if (!('recommendation' in analysis)) throw new Error(analysis.unavailable);
    const { recommendation } = analysis;
    expect(recommendation.step).toEqual({ rps: 500, succeededRps: 495, samples: 10 });
    // CPU request = p95 400m, no limit; memory request = limit = 200Mi × 1.15 = 230Mi.
    expect(recommendation.krr.resources).toEqual({
      requests: { cpuMillicores: 400, memoryBytes: 230 * Mi },
      limits: { memoryBytes: 230 * Mi },
    });
    expect(recommendation.qosClass).toBe('Burstable');
    // 495 rps over 2 replicas at the p95 the request equals.
    expect(recommendation.krr.rpsPerReplica).toBeCloseTo(247.5, 9);
    expect(recommendation.sizing).toEqual({ targetRps: 3000, rpsPerReplica: 250, replicas: 12 });
  });

  it('says why when no step met the SLO, or none that did was sampled', () => {
    expect(recommendFromCapacity(capacity([step(100, false, { cpuP95: 50, memoryMax: Mi })]))).toEqual({
      unavailable: 'no step met the SLO, so there is no rate to size resources for: try lower rates',
    });
    expect(recommendFromCapacity(capacity([step(100, true), step(200, false, { cpuP95: 1, memoryMax: 1 })]))).toEqual({
      unavailable: 'no step that met the SLO holds resource samples: make the steps longer than sampleInterval',
    });
  });
});
