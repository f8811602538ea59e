import { describe, expect, it } from 'vitest';
import { percentile, percentiles } from '../../src/analysis/percentile.js';
import { qosClass } from '../../src/analysis/recommend/qos.js';
import { type LoadPhase, recommendResources, toResourcesPatch } from '../../src/analysis/recommend/resources.js';
import { ceilTo, cpuQuantity, MEBIBYTE, memoryQuantity } from '../../src/core/quantity.js';
import type { ResourceSample } from '../../src/core/resource-sample.js';
import { renderResources } from '../../src/report/resources-console.js';

const Mi = MEBIBYTE;

function sample(atMs: number, cpuMillicores: number, memoryBytes: number, pod = 'web-1', container = 'app') {
  return { atMs, pod, container, cpuMillicores, memoryBytes } satisfies ResourceSample;
}

// 20 one-second samples: CPU 100, 110, … 290 m; memory 300, 301, … 319 Mi; 200 requests/s in the steady phase.
const worked: ResourceSample[] = Array.from({ length: 20 }, (_, i) =>
  sample(1000 * (i + 1), 100 + 10 * i, (300 + i) * Mi),
);
const phases: LoadPhase[] = [
  { name: 'warmup', fromMs: 0, toMs: 1000, requests: 100 },
  { name: 'steady', fromMs: 1000, toMs: 21_000, requests: 4000 },
];

describe('quantities', () => {
  it('writes CPU the Kubernetes way', () => {
    expect(cpuQuantity(0)).toBe('0');
    expect(cpuQuantity(250)).toBe('250m');
    expect(cpuQuantity(1000)).toBe('1');
    expect(cpuQuantity(2000)).toBe('2');
    expect(cpuQuantity(1500)).toBe('1500m');
    expect(cpuQuantity(12.5)).toBe('13m'); // rounded up
  });

  it('writes memory with the largest exact binary suffix', () => {
    expect(memoryQuantity(0)).toBe('0');
    expect(memoryQuantity(128 * Mi)).toBe('128Mi');
    expect(memoryQuantity(1024 * Mi)).toBe('1Gi');
    expect(memoryQuantity(1536 * Mi)).toBe('1536Mi');
    expect(memoryQuantity(1024)).toBe('1Ki');
    expect(memoryQuantity(1000)).toBe('1000');
    expect(memoryQuantity(1536)).toBe('1536');
    expect(memoryQuantity(2 * 1024 ** 4)).toBe('2Ti');
    expect(memoryQuantity(1023.2)).toBe('1Ki');
  });

  it('rounds up without tripping on floating-point dust', () => {
    expect(200 * 1.15).not.toBe(230);
    expect(ceilTo(200 * 1.15, 1)).toBe(230);
    expect(ceilTo(230.2, 1)).toBe(231);
    expect(ceilTo(300.5 * Mi, Mi)).toBe(301 * Mi);
  });
});

describe('percentiles', () => {
  it('takes the nearest rank, as the HDR latency histograms do: always a measured value', () => {
    const values = worked.map((s) => s.cpuMillicores);
    // rank = ⌈p/100 × 20⌉: p50 the 10th → 190; p90 the 18th → 270; p95 the 19th → 280
    expect(percentiles(values)).toEqual({ p50: 190, p90: 270, p95: 280, max: 290 });
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([100, 300], 50)).toBe(100);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('qosClass', () => {
  it('follows the kubelet rules', () => {
    const both = { cpuMillicores: 100, memoryBytes: 128 * Mi };
    expect(qosClass([{ requests: {}, limits: {} }])).toBe('BestEffort');
    expect(qosClass([{ requests: both, limits: both }])).toBe('Guaranteed');
    expect(qosClass([{ requests: {}, limits: both }])).toBe('Guaranteed'); // requests default to limits
    expect(qosClass([{ requests: both, limits: {} }])).toBe('Burstable');
    expect(qosClass([{ requests: both, limits: { ...both, cpuMillicores: 200 } }])).toBe('Burstable');
    expect(qosClass([{ requests: both, limits: { memoryBytes: both.memoryBytes } }])).toBe('Burstable');
    expect(
      qosClass([
        { requests: both, limits: both },
        { requests: {}, limits: {} },
      ]),
    ).toBe('Burstable');
    expect(qosClass([{ requests: { cpuMillicores: 0 }, limits: {} }])).toBe('BestEffort'); // zero is unset
  });
});

describe('recommendResources', () => {
  it('works the example through both policies', () => {
    const rec = recommendResources({ samples: worked, phases });
    expect(rec.phases).toEqual({ sampled: ['steady'], load: ['steady'] });
    expect(rec.containers).toHaveLength(1);
    const [app] = rec.containers;
    expect(app?.container).toBe('app');
    expect(app?.usage).toEqual({
      samples: 20,
      pods: 1,
      fromMs: 1000,
      toMs: 20_000,
      cpuMillicores: { p50: 190, p90: 270, p95: 280, max: 290 },
      memoryBytes: { p50: 309 * Mi, p90: 317 * Mi, p95: 318 * Mi, max: 319 * Mi },
    });
    // VPA: CPU 190 / 270 / 280 × 1.15 = 218.5 / 310.5 / 322 → 219m / 311m / 322m;
    // memory: the one pod's peak 319Mi × 1.15 = 366.85Mi → 367Mi for all three.
    expect(app?.vpa.lowerBound).toEqual({ cpuMillicores: 219, memoryBytes: 367 * Mi });
    expect(app?.vpa.target).toEqual({ cpuMillicores: 311, memoryBytes: 367 * Mi });
    expect(app?.vpa.upperBound).toEqual({ cpuMillicores: 322, memoryBytes: 367 * Mi });
    expect(app?.vpa.resources).toEqual({ requests: { cpuMillicores: 311, memoryBytes: 367 * Mi }, limits: {} });
    expect(app?.vpa.floored).toEqual({ cpu: false, memory: false });
    // KRR: CPU p95 280m, no limit; memory max 319Mi × 1.15 → 367Mi request and limit.
    expect(app?.krr.resources).toEqual({
      requests: { cpuMillicores: 280, memoryBytes: 367 * Mi },
      limits: { memoryBytes: 367 * Mi },
    });
    expect(rec.qosClass).toEqual({ vpa: 'Burstable', krr: 'Burstable' });
  });

  it('sets usage against the load: CPU per 100 rps, memory per replica, rps per replica at the request', () => {
    const rec = recommendResources({ samples: worked, phases });
    const load = rec.containers[0]?.load;
    // 4000 requests over 20 s = 200 rps; one replica; mean CPU 195m, mean memory 309.5Mi.
    expect(load?.rps).toBe(200);
    expect(load?.replicas).toBe(1);
    expect(load?.cpuP95Millicores).toBe(280);
    expect(load?.cpuMillicoresPer100Rps).toBeCloseTo(97.5, 9);
    expect(load?.memoryBytesPerReplica).toBeCloseTo(309.5 * Mi, 0);
    // rps per replica = 200 / 1 × request / 280: KRR 200 × 280 / 280 = 200; VPA 200 × 311 / 280 = 222.14.
    expect(rec.containers[0]?.krr.rpsPerReplica).toBe(200);
    expect(rec.containers[0]?.vpa.rpsPerReplica).toBeCloseTo(222.1429, 3);
  });

  it('prints CPU per 100 rps and memory per replica, since memory does not grow per request', () => {
    const text = renderResources(recommendResources({ samples: worked, phases }));
    expect(text).toContain('  load   200.0 rps over 1.0 replicas: 98m cpu per 100 rps; 309.5Mi memory per replica\n');
  });

  it('counts replicas by the time their samples cover', () => {
    // Two pods sampled every 500 ms for 10 s at 100 rps: two replicas, 50 m each.
    const samples = Array.from({ length: 20 }, (_, i) => [
      sample(500 * i + 250, 50, 100 * Mi, 'a'),
      sample(500 * i + 250, 50, 100 * Mi, 'b'),
    ]).flat();
    const rec = recommendResources({ samples, phases: [{ name: 'steady', fromMs: 0, toMs: 10_000, requests: 1000 }] });
    const load = rec.containers[0]?.load;
    expect(load?.replicas).toBe(2);
    expect(load?.cpuMillicoresPer100Rps).toBe(100);
    // Memory is held per process: each replica's 100Mi, whatever the rate or the number of replicas.
    expect(load?.memoryBytesPerReplica).toBe(100 * Mi);
    expect(rec.containers[0]?.usage.pods).toBe(2);
    expect(rec.containers[0]?.krr.rpsPerReplica).toBe(50); // 100 rps over 2 replicas at a 50m request
  });

  it('leaves out the warmup and keeps rollout peaks', () => {
    const rec = recommendResources({
      samples: [...worked, sample(500, 5000, 2000 * Mi), sample(21_500, 900, 400 * Mi, 'web-2')],
      phases: [...phases, { name: 'rollout#1', fromMs: 21_000, toMs: 25_000, requests: 800 }],
    });
    expect(rec.phases).toEqual({ sampled: ['steady', 'rollout#1'], load: ['steady'] });
    const app = rec.containers[0];
    expect(app?.usage.samples).toBe(21);
    expect(app?.usage.cpuMillicores.max).toBe(900);
    expect(app?.usage.memoryBytes.max).toBe(400 * Mi);
    expect(app?.load?.rps).toBe(200); // the steady phase only
    // VPA memory over per-pod peaks: 319Mi and 400Mi → p90 (rank ⌈1.8⌉ = 2) = 400Mi × 1.15 = 460Mi
    expect(app?.vpa.target.memoryBytes).toBe(460 * Mi);
  });

  it('applies the VPA and KRR minimums, VPA split across the containers of a pod', () => {
    const tiny = (container: string) =>
      Array.from({ length: 40 }, (_, i) => sample(1000 * (i + 1), 5, 40 * Mi, 'web-1', container));
    const one = recommendResources({ samples: tiny('app'), phases });
    expect(one.containers[0]?.vpa.target).toEqual({ cpuMillicores: 25, memoryBytes: 250 * Mi });
    expect(one.containers[0]?.vpa.lowerBound).toEqual({ cpuMillicores: 25, memoryBytes: 250 * Mi });
    expect(one.containers[0]?.vpa.floored).toEqual({ cpu: true, memory: true });
    expect(one.containers[0]?.krr.resources.requests).toEqual({ cpuMillicores: 10, memoryBytes: 100 * Mi });
    expect(one.containers[0]?.krr.floored).toEqual({ cpu: true, memory: true });
    const two = recommendResources({ samples: [...tiny('app'), ...tiny('sidecar')], phases });
    expect(two.containers.map((c) => c.container)).toEqual(['app', 'sidecar']);
    // 25m / 2 = 12.5m → 13m; 250Mi / 2 = 125Mi
    expect(two.containers[1]?.vpa.target).toEqual({ cpuMillicores: 13, memoryBytes: 125 * Mi });
  });

  it('notes a short window and not a long one', () => {
    expect(recommendResources({ samples: worked, phases }).containers[0]?.confidenceNote).toBe(
      'short window: 20 samples over 19 s; VPA needs days of history, this is a controlled-load estimate',
    );
    const long = Array.from({ length: 400 }, (_, i) => sample(1000 * (i + 1), 100, 100 * Mi));
    const rec = recommendResources({
      samples: long,
      phases: [{ name: 'steady', fromMs: 0, toMs: 401_000, requests: 40_100 }],
    });
    expect(rec.containers[0]?.confidenceNote).toBeUndefined();
    const many = Array.from({ length: 100 }, (_, i) => sample(100 * (i + 1), 100, 100 * Mi));
    expect(
      recommendResources({ samples: many, phases: [{ name: 'steady', fromMs: 0, toMs: 11_000, requests: 1 }] })
        .containers[0]?.confidenceNote,
    ).toMatch(/^short window: 100 samples over 10 s/);
  });

  it('gives no load figures without requests, and nothing without samples', () => {
    const rec = recommendResources({
      samples: worked,
      phases: [{ name: 'steady', fromMs: 0, toMs: 30_000, requests: 0 }],
    });
    expect(rec.containers[0]?.load).toBeUndefined();
    expect(rec.containers[0]?.krr.rpsPerReplica).toBeUndefined();
    const empty = recommendResources({ samples: [], phases });
    expect(empty.containers).toEqual([]);
    expect(empty.qosClass).toEqual({ vpa: 'BestEffort', krr: 'BestEffort' });
  });

  it('round-trips through JSON (the result file keeps it)', () => {
    const rec = recommendResources({ samples: worked, phases });
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });
});

describe('toResourcesPatch', () => {
  it('patches one container, deleting what the policy leaves unset', () => {
    const [app] = recommendResources({ samples: worked, phases }).containers;
    if (!app) throw new Error('no recommendation');
    expect(toResourcesPatch(app.krr, 'web')).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                resources: { requests: { cpu: '280m', memory: '367Mi' }, limits: { cpu: null, memory: '367Mi' } },
              },
            ],
          },
        },
      },
    });
    expect(toResourcesPatch(app.vpa, 'web')).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                resources: { requests: { cpu: '311m', memory: '367Mi' }, limits: { cpu: null, memory: null } },
              },
            ],
          },
        },
      },
    });
  });
});
