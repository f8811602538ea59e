import type { CompareDocument } from './compare-document.js';
import { renderCompareMarkdown } from './compare-markdown.js';
import { renderCompareHtml } from './html/compare-page.js';
import { type FileReporter, reportFormatParser } from './index.js';

export const compareReporters = {
  html: { fileName: 'compare.html', needsAssets: true, render: renderCompareHtml },
  md: { fileName: 'compare.md', needsAssets: false, render: renderCompareMarkdown },
} satisfies Record<string, FileReporter<CompareDocument>>;

export type CompareReportFormat = keyof typeof compareReporters;

/** `html,md` → the formats (`none`: none); unknown names are a usage error (exit 2) listing the known ones. */
export const parseCompareFormats = reportFormatParser(compareReporters);
