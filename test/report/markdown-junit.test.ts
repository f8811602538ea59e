import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../src/report/document.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { kubernetesRollout } from '../analysis/real-timelines.js';
import { capacityResult, HOSTILE, hostileResult, loadResult, rolloutResult } from './fixtures.js';
import { xmlProblem } from './xml.js';

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

describe('the Markdown summary', () => {
  it('opens with the verdict line, then the phases, failures by cause and the recommendations as YAML', async () => {
    const text = renderMarkdown(reportDocument(await rolloutResult()));
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^❌ \*\*FAIL \(maxFailedRequests\): 131 of 1,316 requests failed — all routed/);
    expect(text).toContain('| rollout@5s | 5.00s\u00a0–\u00a07.00s | 400 | 100 (25.0 %) | 200 ×300, 502 ×100 |');
    expect(text).toMatch(/\| routed-after-exit \| 131 \|/);
    const sections = lines.filter((line) => line.startsWith('### '));
    expect(sections).toEqual([
      '### Phases',
      '### Failures by cause',
      '### Drain lag: p50 997 ms, max 997 ms',
      '### Recommendations',
    ]);
    expect(text).toContain('```yaml\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 30\n');
    expect(text).toContain('              sleep:\n                seconds: 2\n```');
    expect(text).toMatch(/KRR-style[\s\S]*```yaml[\s\S]*memory: 100Mi/);
  });

  it('summarises a capacity run per step', async () => {
    const text = renderMarkdown(reportDocument(await capacityResult()));
    expect(text).toContain('✅ **PASS: up to 400 rps met the SLO on 2 replicas — 15 replicas for 3,000 rps**');
    expect(text).toMatch(/\| 2,500 rps \| 1977\.5 \| 5,000 \| 1,045 \(20\.9 %\) \|/);
    expect(text).toContain('cpu: 332m');
  });

  it('shows the outcomes of a `rollbench load --json` result', async () => {
    const text = renderMarkdown(reportDocument(await loadResult()));
    expect(text).toMatch(/^✅ \*\*NO FAILURES: 0 of 1,000 requests failed \(0\.0 %\) at 200 rps to http:/m);
    expect(text).toMatch(/^\| 200 \| 1,000 \| 100\.0 % \|/m);
    expect(xmlProblem(renderJunit(reportDocument(await loadResult())))).toBeUndefined();
  });

  it('on the Kubernetes timeline, puts the EndpointSlice side of drain lag next to the traffic side', async () => {
    const text = renderMarkdown(reportDocument(await kubernetesRollout()));
    expect(text).toContain(
      '### Drain lag: p50 1,093 ms, max 1,119 ms\n\nEndpointSlice (watch arrival times): slice drain',
    );
    expect(text).toContain(
      '| pod | terminating | last request | drain lag | measured from | slice drain | propagation |',
    );
    expect(text).toContain(
      '| sample-app-54fb4579c6-k7qjk | 7.89s | 9.01s | 1,119 ms | pod-header | 135 ms | 1,067 ms |',
    );
  });

  it('shows names from the target as text: no HTML, no broken table', async () => {
    const text = renderMarkdown(reportDocument(await hostileResult()));
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const causeRow = text.split('\n').find((line) => line.startsWith('| routed-after-exit'));
    // Six columns: the pipes a name could carry are escaped.
    expect(causeRow?.split(/(?<!\\)\|/).length).toBe(8);
  });
});

describe('the JUnit XML', () => {
  it('has a test case per SLO check per phase, failures carrying the numbers', async () => {
    const xml = renderJunit(reportDocument(await rolloutResult()));
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toMatch(/<testsuites name="rollbench local-rollout" tests="4" failures="3">/);
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) =>
      m.slice(1),
    );
    expect(suites).toEqual([
      ['local-rollout · judged window', '1', '1'],
      ['local-rollout · steady', '1', '0'],
      ['local-rollout · rollout@5s', '1', '1'],
      ['local-rollout · cooldown', '1', '1'],
    ]);
    expect(xml).toContain('<failure message="✗ maxFailedRequests: 100 (limit 0)" type="maxFailedRequests">');
    expect(xml).toContain('400 requests, 100 failed (200 ×300, 502 ×100)');
  });

  it('has a suite per capacity step', async () => {
    const xml = renderJunit(reportDocument(await capacityResult()));
    expect(xmlProblem(xml)).toBeUndefined();
    expect([...xml.matchAll(/<testcase /g)]).toHaveLength(6);
    expect([...xml.matchAll(/<failure /g)]).toHaveLength(2);
    expect(xml).toContain('name="cap-fixture · 2500 rps"');
  });

  it('stays well-formed whatever the names hold, and gives them back exactly', async () => {
    const result = await hostileResult();
    const xml = renderJunit(reportDocument(result));
    expect(xmlProblem(xml)).toBeUndefined();
    const name = xml.match(/<testsuites name="([^"]*)"/)?.[1] ?? '';
    expect(unescapeXml(name)).toBe(`rollbench ${result.scenario.name.replace('\u0001', '\uFFFD')}`);
    expect(unescapeXml(name)).toContain(HOSTILE);
  });

  it('the well-formedness check itself refuses broken XML', () => {
    expect(xmlProblem('<a><b></a></b>')).toBeDefined();
    expect(xmlProblem('<a x="1 & 2"/>')).toBeDefined();
    expect(xmlProblem('<a>x < y</a>')).toBeDefined();
    expect(xmlProblem('<a/><b/>')).toBeDefined();
    expect(xmlProblem('<a x="&lt;"><b/>t&amp;</a>')).toBeUndefined();
  });
});
