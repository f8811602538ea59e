import { usageError } from '../core/errors.js';
import type { ReportAssets } from './assets.js';
import type { ReportDocument } from './document.js';
import { renderHtml } from './html/page.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** A report written to a file: its name in the output folder and how it renders `Doc` (a result's, a comparison). */
export interface FileReporter<Doc = ReportDocument> {
  fileName: string;
  /** Whether `render` reads `assets` (so callers read them only when needed). */
  needsAssets: boolean;
  render(doc: Doc, assets: ReportAssets | undefined): string;
}

export const fileReporters = {
  html: { fileName: 'report.html', needsAssets: true, render: renderHtml },
  md: { fileName: 'summary.md', needsAssets: false, render: renderMarkdown },
  junit: { fileName: 'junit.xml', needsAssets: false, render: renderJunit },
} satisfies Record<string, FileReporter>;

export type FileReportFormat = keyof typeof fileReporters;

/**
 * A parser of `--format html,md`-style lists for a registry of reporters: `none` → none; unknown names are a usage
 * error (exit 2) listing the known ones.
 */
export function reportFormatParser<Format extends string>(
  reporters: Record<Format, unknown>,
): (text: string) => Format[] {
  const isFormat = (name: string): name is Format => Object.hasOwn(reporters, name);
  return (text) => {
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 1 && names[0] === 'none') return [];
    const unknown = names.filter((name) => !isFormat(name));
    const known = Object.keys(reporters).join(', ');
    if (unknown.length > 0 || names.length === 0) {
      throw usageError(`unknown report format "${unknown.join(', ') || text}"`, `use some of ${known}, or none`);
    }
    return [...new Set(names as Format[])];
  };
}

/** `html,md` → the formats; `none` → none. Unknown names are a usage error (exit 2) listing the known ones. */
export const parseReportFormats: (text: string) => FileReportFormat[] = reportFormatParser(fileReporters);
