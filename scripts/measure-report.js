// `node scripts/measure-report.js <result.json>`: what issue 12 asks of the reports for a long run — the time to
// read + analyse the result and write every report (target < 5 s for 10 minutes at 1 000 rps), the HTML's size
// (target < 2 MB), and how long Debian's chromium takes to load the page and draw its charts. Reads the build
// (`npm run build` first); writes the reports into a temporary folder.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { writeReports } from '../dist/run/report-files.js';
import { readResultOrLoadFile } from '../dist/run/result-file.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/measure-report.js <result.json>');
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), 'rollbench-measure-'));
try {
  const started = performance.now();
  const result = await readResultOrLoadFile(resolve(file));
  const read = performance.now();
  const paths = await writeReports(result, ['html', 'md', 'junit'], dir);
  const written = performance.now();
  console.log(`result: ${((await stat(file)).size / 1024).toFixed(1)} KiB, ${result.buckets?.length ?? '-'} buckets`);
  console.log(
    `read + check: ${(read - started).toFixed(0)} ms; analysis + all reports: ${(written - read).toFixed(0)} ms`,
  );
  for (const path of paths)
    console.log(`  ${path.split('/').at(-1)}: ${((await stat(path)).size / 1024).toFixed(1)} KiB`);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const opened = performance.now();
    await page.goto(`file://${paths[0]}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length > 0);
    const drawn = performance.now();
    const navigation = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.toJSON());
    console.log(
      `chromium: load event ${navigation.loadEventEnd.toFixed(0)} ms after navigation start; ` +
        `opened and charts drawn in ${(drawn - opened).toFixed(0)} ms (wall clock, goto to canvases)`,
    );
  } finally {
    await browser.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
