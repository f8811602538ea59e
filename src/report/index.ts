import { usageError } from '../core/errors.js';
import type { ReportDocument } from './document.js';
import { renderHtml } from './html/page.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** What a report may need beyond the document: the chart library, read by the caller (rendering does no IO). */
export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
}

/** A report written to a file: its name in the output folder and how it is rendered. */
export interface FileReporter {
  fileName: string;
  /** Whether `render` reads `assets` (so callers read them only when needed). */
  needsAssets: boolean;
  render(doc: ReportDocument, assets: ReportAssets | undefined): string;
}

export const fileReporters = {
  html: { fileName: 'report.html', needsAssets: true, render: renderHtml },
  md: { fileName: 'summary.md', needsAssets: false, render: renderMarkdown },
  junit: { fileName: 'junit.xml', needsAssets: false, render: renderJunit },
} satisfies Record<string, FileReporter>;

export type FileReportFormat = keyof typeof fileReporters;

const isFormat = (name: string): name is FileReportFormat => Object.hasOwn(fileReporters, name);

/** `html,md` → the formats; `none` → none. Unknown names are a usage error (exit 2) listing the known ones. */
export function parseReportFormats(text: string): FileReportFormat[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 1 && names[0] === 'none') return [];
  const unknown = names.filter((name) => !isFormat(name));
  const known = Object.keys(fileReporters).join(', ');
  if (unknown.length > 0 || names.length === 0) {
    throw usageError(`unknown report format "${unknown.join(', ') || text}"`, `use some of ${known}, or none`);
  }
  return [...new Set(names as FileReportFormat[])];
}
