import { describe, expect, it } from 'vitest';
import { startCapacityRun, UsageError } from '../../src/index.js';
import type { CompareDocument } from '../../src/report/compare-document.js';
import type { ReportDocument } from '../../src/report/document.js';
import { renderCompareHtml } from '../../src/report/html/compare-page.js';
import { renderHtml } from '../../src/report/html/page.js';
import { loadRunSpec } from '../../src/run/from-scenario.js';

// A library call made the wrong way is a usage error (exit 2, code USAGE) saying what to do, not a plain Error
// the CLI would call a bug. Each is refused before anything starts.
const quiet = { stderr: { write: () => true } as unknown as NodeJS.WritableStream };

describe('library calls made the wrong way', () => {
  it('startCapacityRun with a scenario that has no capacity: which scenario to load', async () => {
    const spec = await loadRunSpec('scenarios/local-rollout.yaml', quiet);
    const start = () => startCapacityRun(spec, 'reports/never-written');
    expect(start).toThrow(UsageError);
    expect(start).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, hint: expect.stringContaining('local-capacity.yaml') }),
    );
  });

  it('the HTML pages without the chart library', () => {
    expect(() => renderHtml({} as ReportDocument, undefined)).toThrow(UsageError);
    expect(() => renderCompareHtml({} as CompareDocument, undefined)).toThrow(UsageError);
  });
});
