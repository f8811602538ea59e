import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../src/report/document.js';
import { renderHtml } from '../../src/report/html/page.js';
import { kubernetesRollout } from '../analysis/real-timelines.js';
import { capacityResult, HOSTILE, hostileResult, rolloutResult } from './fixtures.js';

// Stand-ins for uPlot: the page's own structure is under test here (the browser test runs the real library).
const assets = { uplotJs: 'var uPlot = function () {};', uplotCss: '.uplot {}' };

/** Tags of the page outside its scripts and styles. */
const markup = (html: string): string =>
  html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');

describe('the HTML report', () => {
  it('opens with the verdict and holds every section of a rollout, in reading order', async () => {
    const html = renderHtml(reportDocument(await rolloutResult()), assets);
    const ids = [...markup(html).matchAll(/<(?:section|header)\b[^>]*\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual([
      'verdict',
      'traffic',
      'latency',
      'pods',
      'failures',
      'phases',
      'resources',
      'recommendations',
      'scenario',
    ]);
    expect(html).toContain('<span id="failed-count">131</span> failed requests in the run');
    expect(markup(html).match(/<button type="button" class="copy"/g)).toHaveLength(4);
  });

  it('on the Kubernetes timeline, says what the EndpointSlice did next to the drain lag table', async () => {
    const html = markup(renderHtml(reportDocument(await kubernetesRollout()), assets));
    expect(html).toContain('Drain lag per pod (p50 1,093 ms, max 1,119 ms)');
    expect(html).toContain(
      '<p>EndpointSlice (watch arrival times): slice drain (marked terminating → gone from the slice) p50 97 ms',
    );
    expect(html).toMatch(/<th[^>]*>slice drain<\/th>\s*<th[^>]*>propagation<\/th>/);
  });

  it('fetches nothing: no external resource, and a policy that forbids any', async () => {
    const html = renderHtml(reportDocument(await capacityResult()), assets);
    expect(markup(html)).not.toMatch(/<(link|img|iframe)\b|\ssrc=|url\(/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it('escapes every string from the target: markup in names stays text, in the page and in its data', async () => {
    const html = renderHtml(reportDocument(await hostileResult()), assets);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('</script> \u0001');
    expect(markup(html)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const data = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)?.[1] ?? '';
    expect(data).not.toContain('<');
    expect(JSON.stringify(JSON.parse(data))).toContain(HOSTILE);
  });
});
