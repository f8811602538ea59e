/// <reference lib="dom" />
// The page functions below run in the browser.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/analysis/compare.js';
import type { LoadResult } from '../../src/core/result.js';
import type { CapacityResult, RunResult } from '../../src/core/run-result.js';
import { runLabel } from '../../src/report/compare-document.js';
import { formatCount } from '../../src/report/format.js';
import { writeCompareReports, writeReports } from '../../src/run/report-files.js';
import { capacityResult, HOSTILE, hostileResult, loadResult, prestopResult, rolloutResult } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/** Pixels of a canvas something was drawn on (alpha > 0). */
const drawnPixels = (page: Page, selector: string): Promise<number[]> =>
  page.$$eval(selector, (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) drawn += 1;
      return drawn;
    }),
  );

// The HTML report as a person sees it: Debian's chromium, headless, offline, a fresh profile.
describe.skipIf(!existsSync(CHROMIUM))('the HTML report in a browser', () => {
  let dir: string;
  let context: BrowserContext;
  const errors: string[] = [];
  const dialogs: string[] = [];

  async function open(
    result: RunResult | CapacityResult | LoadResult,
    name: string,
    colorScheme: 'light' | 'dark' = 'light',
  ) {
    const [path] = await writeReports(result, ['html'], join(dir, name));
    return openFile(path, name, colorScheme);
  }

  async function openFile(path: string | undefined, name: string, colorScheme: 'light' | 'dark' = 'light') {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    page.on('pageerror', (err) => errors.push(`${name}: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${name}: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      dialogs.push(`${name}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // Any request leaving the page is a failure: the report must work offline.
    await page.route(/^(?!file:)/, (route) => {
      errors.push(`${name}: fetched ${route.request().url()}`);
      void route.abort();
    });
    await page.goto(`file://${path}`, { waitUntil: 'load' });
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollbench-html-'));
    await mkdir(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart of a rollout, with a series per outcome, and shows result.json’s failure count', async () => {
    const result = await rolloutResult();
    const page = await open(result, 'rollout');
    const canvases = await drawnPixels(page, '.chart canvas');
    expect(canvases).toHaveLength(4);
    for (const drawn of canvases) expect(drawn).toBeGreaterThan(5000);
    const outcomes = Object.keys(result.summary.outcomes).length;
    // uPlot's legend has a row per series, the x series included.
    expect(await page.locator('#chart-rate .u-series').count()).toBe(1 + outcomes);
    // p50, p99 and max of each outcome (here 200 and 502, both with histograms).
    expect(await page.locator('#chart-latency .u-series').count()).toBe(1 + 3 * outcomes);
    expect(await page.locator('#chart-latency .u-series').allTextContents()).toContainEqual(
      expect.stringMatching(/^502 p99/),
    );
    expect(await page.locator('#failed-count').textContent()).toBe(formatCount(result.summary.failed));
    const causeCounts = await page
      .locator('#failures table')
      .first()
      .locator('tbody td:nth-child(2)')
      .allTextContents();
    expect(causeCounts.reduce((sum, text) => sum + Number(text.replace(/,/g, '')), 0)).toBe(result.summary.failed);
    expect(await page.locator('#verdict').textContent()).toMatch(/^FAIL \(maxFailedRequests\): 131 of 1,316/);
    await shot(page, 'report-rollout.png');
    await page.locator('#latency').screenshot({ path: join(ARTIFACTS, 'report-rollout-latency.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'report-rollout-dark.png');
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await shot(page, 'report-rollout-print.png');
    expect(errors).toEqual([]);
  });

  it('reaches the copy buttons from the keyboard, and copies', async () => {
    const page = await open(await rolloutResult(), 'keyboard');
    let focused = '';
    for (let tab = 0; tab < 40 && focused !== 'copy'; tab += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.className ?? '');
    }
    expect(focused).toBe('copy');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).not.toBe('Copy');
    expect(errors).toEqual([]);
  });

  it('shows markup from the target as text and runs none of it', async () => {
    const page = await open(await hostileResult(), 'hostile');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText(HOSTILE).count()).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toContain(`${HOSTILE} ]]> </script>`);
    expect(await drawnPixels(page, '.chart canvas')).toHaveLength(4);
    await shot(page, 'report-hostile.png');
    expect(errors).toEqual([]);
  });

  it('draws the outcomes over time of a `rollbench load --json` result', async () => {
    const page = await open(await loadResult(), 'load');
    const canvases = await drawnPixels(page, '.chart canvas');
    expect(canvases).toHaveLength(2);
    for (const drawn of canvases) expect(drawn).toBeGreaterThan(5000);
    expect(await page.locator('#failed-count').textContent()).toBe('0');
    await shot(page, 'report-load.png');
    expect(errors).toEqual([]);
  });

  it('draws a capacity run: rate asked against succeeded and p99', async () => {
    const result = await capacityResult();
    const page = await open(result, 'capacity');
    const [drawn] = await drawnPixels(page, '.chart canvas');
    expect(drawn).toBeGreaterThan(5000);
    expect(await page.locator('#chart-capacity .u-series').count()).toBe(3);
    expect(await page.locator('#steps .table-wrap tbody tr').count()).toBe(result.steps.length);
    await shot(page, 'report-capacity.png');
    expect(errors).toEqual([]);
  });

  it('draws a comparison: latency by percentile of both runs, the regression first', async () => {
    const [baseline, candidate] = [await prestopResult(), await hostileResult()];
    const comparison = compareWithBaseline(baseline, candidate);
    const doc = { comparison, baseline: runLabel('base.json', baseline), candidate: runLabel(HOSTILE, candidate) };
    const [path] = await writeCompareReports(doc, ['html'], join(dir, 'compare'));
    const page = await openFile(path, 'compare');
    const [drawn] = await drawnPixels(page, '.chart canvas');
    expect(drawn).toBeGreaterThan(5000);
    expect(await page.locator('#chart-compare .u-series').count()).toBe(3);
    expect(await page.locator('#verdict .line').textContent()).toMatch(/^REGRESSION: 131 more failed requests/);
    expect(await page.locator('#regression-count').textContent()).toBe(String(comparison.regressions.length));
    expect(await page.locator('#windows tbody tr').count()).toBe(comparison.windows.length);
    expect(await page.getByText(HOSTILE).count()).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    await shot(page, 'compare.png');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});
