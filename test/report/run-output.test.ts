import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { recommendFromCapacity } from '../../src/analysis/recommend/capacity.js';
import { analyseRun } from '../../src/analysis/recommend/index.js';
import type { CapacityResult, RunResult } from '../../src/core/run-result.js';
import { renderAnalysis } from '../../src/report/analysis-console.js';
import { renderCapacity } from '../../src/report/capacity-console.js';
import { renderCapacityRecommendation } from '../../src/report/capacity-recommendation-console.js';
import { renderRunSummary } from '../../src/report/run-console.js';
import { fitWithin, renderVerdict, wrapWords } from '../../src/report/verdict-console.js';
import { kubernetesRollout } from '../analysis/real-timelines.js';

/** A real result of `rollbench run scenarios/local-rollout.yaml`: 131 requests failed during the rollout. */
async function rolloutResult(): Promise<RunResult> {
  const path = new URL('./fixtures/local-rollout.result.json', import.meta.url);
  return JSON.parse(await readFile(path, 'utf8')) as RunResult;
}

function render(result: RunResult, verbose: boolean): string {
  const analysis = analyseRun(result);
  return (
    renderRunSummary(result, { verbose }) + renderAnalysis(analysis, { verbose }) + renderVerdict(result, analysis)
  );
}

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

describe('the output of rollbench run', () => {
  it('on a cluster too, says to prove the recommendation with --verify (it patches the Deployment, then puts it back)', async () => {
    const result = await rolloutResult();
    result.platform = { name: 'kubernetes', description: 'default/sample-app' };
    const tail = render(result, false).trimEnd().split('\n').slice(-3).join('\n');
    expect(tail).toContain('set lifecycle.preStop.sleep.seconds: 2');
    expect(tail).toContain('prove it with --verify');
    expect(widest(tail)).toBeLessThanOrEqual(120);
  });

  it('leads with the load thread as the generator, its own CPU, wait for a core and memory, then the whole process', async () => {
    const result = await rolloutResult();
    const generator = result.summary.generator;
    const generatorBlock = (text: string) => {
      const lines = text.split('\n');
      const first = lines.findIndex((candidate) => candidate.startsWith('Generator'));
      return lines
        .slice(
          first,
          lines.findIndex((candidate, index) => index > first && candidate === ''),
        )
        .join('\n');
    };
    result.summary.generator = {
      ...generator,
      cpuPercentOfCores: 6,
      cores: 2,
      maxRssBytes: 176 * 1048576,
      loadThread: { cpuUs: 900_000, cpuPercentOfCore: 8.2, waitedForCpuMs: 1221.4, peakMemoryBytes: 18 * 1048576 },
    };
    expect(generatorBlock(render(result, false))).toBe(
      "Generator (the load's thread): CPU 8 % of one core, 1221 ms waiting for a free core, memory 18 MiB\n" +
        'rollbench process (load, Kubernetes client, watches): CPU 6 % of the 2 cores it could use, peak memory 176 MiB',
    );
    // The whole process busy on two cores, the load's thread not: the thread decides.
    result.summary.generator = {
      ...generator,
      cores: 2,
      cpuPercentOfCores: 60,
      loadThread: { cpuUs: 900_000, cpuPercentOfCore: 30, waitedForCpuMs: 0 },
    };
    expect(generatorBlock(render(result, false))).not.toContain('may be the bottleneck');
    expect(generatorBlock(render(result, false))).not.toContain('memory 0 MiB'); // an older result: no thread memory
    result.summary.generator = {
      ...generator,
      loadThread: { cpuUs: 9_000_000, cpuPercentOfCore: 95, waitedForCpuMs: 0 },
    };
    expect(generatorBlock(render(result, false))).toContain('its event loop may be the bottleneck');
  });

  it('puts the platform’s own processes under the generator’s line, each figure saying whose it is', async () => {
    const result = await rolloutResult();
    result.platform.processes = [
      { name: 'embedded cluster', cpuMs: 2640, peakRssBytes: 131 * 1048576, note: 'API server; pods not counted' },
    ];
    const lines = render(result, false).split('\n');
    const generator = lines.findLastIndex((line) => /^(Generator|rollbench process)/.test(line));
    expect(lines[generator + 1]).toBe('Embedded cluster: CPU 2.6s, peak memory 131 MiB (API server; pods not counted)');
    expect(lines[generator + 2]).toBe('');
    // What start-up cost it, told apart when known: the rest is what the run (load, actions) cost it.
    result.platform.processes = [
      { name: 'embedded cluster', cpuMs: 2640, startUpCpuMs: 1240, peakRssBytes: 131 * 1048576 },
    ];
    expect(render(result, false).split('\n')[generator + 1]).toBe(
      'Embedded cluster: CPU 2.6s (1.4s after start-up), peak memory 131 MiB',
    );
    // A thread of it told apart (the cluster's kube-proxy): under it, as part of its CPU.
    result.platform.processes = [
      {
        name: 'embedded cluster',
        cpuMs: 2640,
        startUpCpuMs: 1240,
        peakRssBytes: 131 * 1048576,
        note: 'API server, controllers, kubelet; pods not counted',
        threads: [{ name: 'kube-proxy', cpuMs: 1800, startUpCpuMs: 200 }],
      },
    ];
    // Within 120 columns: a note that would push the line past them goes on a line of its own.
    expect(
      render(result, false)
        .split('\n')
        .slice(generator + 1, generator + 5),
    ).toEqual([
      'Embedded cluster: CPU 2.6s (1.4s after start-up), peak memory 131 MiB',
      '  (API server, controllers, kubelet; pods not counted)',
      '  of which its kube-proxy thread: CPU 1.8s (1.6s after start-up)',
      '',
    ]);
  });

  it('fits 120 columns and ends with the verdict: what failed, why, and what to set', async () => {
    const text = render(await rolloutResult(), false);
    expect(widest(text)).toBeLessThanOrEqual(120);
    expect(text.split('\n').length).toBeLessThan(50);
    const tail = text.trimEnd().split('\n').slice(-3).join('\n');
    expect(tail).toMatch(/^FAIL \(maxFailedRequests\): 131 of 1,316 requests failed/m);
    expect(tail).toContain('all routed to pods after they had exited during rollout@5s');
    expect(tail).toContain('set lifecycle.preStop.sleep.seconds: 2');
    expect(tail).toContain('prove it with --verify');
    // The detail is behind --verbose.
    expect(text).not.toContain('Deployment patch');
    expect(text).not.toContain('Replaced pods');
  });

  it('prints every table, formula and patch with --verbose, still within 120 columns', async () => {
    const text = render(await rolloutResult(), true);
    expect(widest(text)).toBeLessThanOrEqual(120);
    for (const section of ['Replaced pods', 'terminating at', '= ceil(', 'Deployment patch', 'VPA-style bounds']) {
      expect(text).toContain(section);
    }
    expect(text.trimEnd().split('\n').slice(-3).join('\n')).toMatch(/^FAIL \(maxFailedRequests\)/m);
  });

  it('on the Kubernetes timeline: the EndpointSlice next to the traffic, the cause as on local, within 120 columns', async () => {
    for (const verbose of [false, true]) {
      const text = render(await kubernetesRollout(), verbose);
      expect(widest(text)).toBeLessThanOrEqual(120);
      expect(text).toContain('Drain lag (termination start → last request that reached the pod), 3 pods: p50 1,093 ms');
      expect(text).toContain(
        'EndpointSlice (watch arrival times): slice drain (marked terminating → gone from the slice) p50 97 ms, max 135 ms;\n' +
          "  propagation (traffic to a pod after that mark) up to 1,074 ms: the proxies' delay",
      );
      expect(text).toContain('all routed to pods after they had exited during rollout@5s');
    }
    expect(render(await kubernetesRollout(), true)).toMatch(
      /│ sample-app-54fb4579c6-75gfc +│ .* │ +97 ms │ +1,074 ms │/,
    );
    expect(render(await rolloutResult(), true)).not.toContain('EndpointSlice');
  });

  it('says PASS when the SLO held, and why a run that did not complete proves nothing', async () => {
    const result = await rolloutResult();
    const passed: RunResult = {
      ...result,
      verdict: { ...result.verdict, passed: true, checks: result.verdict.checks.map((c) => ({ ...c, passed: true })) },
    };
    expect(render(passed, false).trimEnd().split('\n').at(-1)).toMatch(/^PASS: the SLO held/);
    const cut: RunResult = { ...result, incomplete: 'the run timeout was reached' };
    expect(render(cut, false).trimEnd().split('\n').at(-1)).toBe(
      'FAIL: the run did not complete (the run timeout was reached), so it cannot show that the SLO holds.',
    );
  });
});

describe('wrapWords', () => {
  it('breaks at spaces within the width, indenting what follows', () => {
    expect(wrapWords('aa bb cc dd', 5)).toEqual(['aa bb', '  cc', '  dd']);
    expect(wrapWords('a verylongword', 4)).toEqual(['a', '  verylongword']);
  });
});

describe('fitWithin', () => {
  it('keeps parts on one line while they fit, and moves the rest to lines of their own', () => {
    expect(fitWithin(['a', 'b'], 10)).toEqual(['a — b']);
    expect(fitWithin(['aaaaaaaa', 'bb', 'c'], 12)).toEqual(['aaaaaaaa', '  → bb — c']);
    // A part longer than a line is broken at spaces, under its arrow.
    expect(fitWithin(['aaaa', 'bb cc dd ee'], 10)).toEqual(['aaaa', '  → bb cc', '    dd', '    ee']);
    expect(fitWithin(['aaaa', 'bbbb', 'cc'], 10)).toEqual(['aaaa', '  → bbbb', '  → cc']);
  });
});

describe('the output of a capacity run', () => {
  it('fits 120 columns, with each failed check under the table in its units', async () => {
    const path = new URL('./fixtures/local-capacity.result.json', import.meta.url);
    const result = JSON.parse(await readFile(path, 'utf8')) as CapacityResult;
    const text = renderCapacity(result);
    expect(widest(text)).toBeLessThanOrEqual(120);
    expect(text).toContain('  at 2,500 rps: ✗ maxErrorRate: 20.9 % (limit 0.10 %)');
    expect(text).toContain('Highest rate meeting the SLO: 400 rps (200 rps per replica).');
  });

  it('shows a step the run timeout cut short as such, never as passing, and does not claim the limit is above it', async () => {
    const path = new URL('./fixtures/local-capacity.result.json', import.meta.url);
    const result = JSON.parse(await readFile(path, 'utf8')) as CapacityResult;
    const [first, second] = result.steps;
    if (!first || !second) throw new Error('the fixture has three steps');
    const cut: CapacityResult = {
      ...result,
      steps: [
        first,
        { ...second, load: { ...second.load, summary: { ...second.load.summary, stopReason: 'stopped' } } },
      ],
      incomplete: 'the run timeout of 8s was reached during step 2/3: 400 rps',
    };
    const text = renderCapacity(cut);
    expect(text).toMatch(/│ +400 rps │.*│ cut short │/);
    expect(text).not.toContain('no step failed, so the limit is above the highest rate tried');
    expect(text).toContain('the rates above it were not tried to the end, so the limit is not known');
  });
});

describe('rollbench recommend on a capacity result', () => {
  it('fits 120 columns', async () => {
    const path = new URL('./fixtures/local-capacity.result.json', import.meta.url);
    const result = JSON.parse(await readFile(path, 'utf8')) as CapacityResult;
    const text = renderCapacityRecommendation(recommendFromCapacity(result));
    expect(widest(text)).toBeLessThanOrEqual(120);
    expect(text).toContain('200 rps per replica at this CPU request');
  });
});
