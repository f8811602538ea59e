import type { CapacityResult, RunResult } from '../../core/run-result.js';
import { writeReports } from '../../run/report-files.js';
import type { CliIo } from '../io.js';
import type { RunFlags } from './run-flags.js';

/** The reports a run writes next to its result.json: `--report` picks them; the HTML page by default. */
export async function writeRunReports(
  result: RunResult | CapacityResult,
  outDir: string,
  flags: RunFlags,
  io: CliIo,
): Promise<void> {
  const paths = await writeReports(result, flags.report ?? ['html'], outDir);
  if (paths.length > 0) io.stderr.write(`Report${paths.length > 1 ? 's' : ''} written to ${paths.join(', ')}\n`);
}
