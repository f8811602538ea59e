import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadResult } from '../core/result.js';
import type { CapacityResult, RunResult } from '../core/run-result.js';
import type { ReportAssets } from '../report/assets.js';
import type { CompareDocument } from '../report/compare-document.js';
import { type CompareReportFormat, compareReporters } from '../report/compare-reporters.js';
import { reportDocument } from '../report/document.js';
import { type FileReporter, type FileReportFormat, fileReporters } from '../report/index.js';

/** uPlot's browser build and stylesheet, inlined into the HTML report so that it opens offline. */
async function readReportAssets(): Promise<ReportAssets> {
  const require = createRequire(import.meta.url);
  const [uplotJs, uplotCss] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { uplotJs, uplotCss };
}

/** Renders `doc` with each reporter into `dir` (the chart library read only when one needs it); the paths, in order. */
async function writeRendered<Doc>(
  reporters: ReadonlyArray<FileReporter<Doc>>,
  doc: Doc,
  dir: string,
): Promise<string[]> {
  const assets = reporters.some((reporter) => reporter.needsAssets) ? await readReportAssets() : undefined;
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const reporter of reporters) {
    const path = join(dir, reporter.fileName);
    await writeFile(path, reporter.render(doc, assets));
    paths.push(path);
  }
  return paths;
}

/** Analyses a result once and writes the reports asked for into `dir`; returns the paths written, in order. */
export async function writeReports(
  result: RunResult | CapacityResult | LoadResult,
  formats: readonly FileReportFormat[],
  dir: string,
): Promise<string[]> {
  if (formats.length === 0) return [];
  const reporters: FileReporter[] = formats.map((format) => fileReporters[format]);
  return writeRendered(reporters, reportDocument(result), dir);
}

/** Writes a comparison as the formats asked for (compare.html, compare.md) into `dir`; the paths, in order. */
export async function writeCompareReports(
  doc: CompareDocument,
  formats: readonly CompareReportFormat[],
  dir: string,
): Promise<string[]> {
  if (formats.length === 0) return [];
  return writeRendered(
    formats.map((format) => compareReporters[format]),
    doc,
    dir,
  );
}
