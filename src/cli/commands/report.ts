import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { type FileReportFormat, fileReporters, parseReportFormats } from '../../report/index.js';
import type { CliIo } from '../io.js';

interface ReportFlags {
  format?: FileReportFormat[];
  out?: string;
}

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .summary('write HTML, Markdown and JUnit reports from a saved run result')
    .description(
      'Renders a result.json written by `rollbench run` (a run or a capacity run; no platform needed), or the ' +
        'JSON of `rollbench load --json`, as ' +
        'report.html (one self-contained page with charts, opens offline), summary.md (for a pull-request comment ' +
        'or $GITHUB_STEP_SUMMARY) and junit.xml (one test case per SLO check per phase, for CI), next to the ' +
        'result unless --out says otherwise.\n\nExit 0, 2 for an unknown format, 3 when the file is not a result ' +
        'it can read.',
    )
    .argument('<result>', 'result.json of a run')
    .option('--format <formats>', 'comma-separated: html, md, junit (default: all three)', parseReportFormats)
    .option('-o, --out <dir>', 'folder to write the reports into (default: the folder of the result)')
    .action(async (file: string, flags: ReportFlags) => {
      const { readResultOrLoadFile } = await import('../../run/result-file.js');
      const { writeReports } = await import('../../run/report-files.js');
      const path = resolve(io.cwd, file);
      const result = await readResultOrLoadFile(path);
      const formats = flags.format ?? (Object.keys(fileReporters) as FileReportFormat[]);
      const dir = flags.out === undefined ? dirname(path) : resolve(io.cwd, flags.out);
      for (const written of await writeReports(result, formats, dir)) io.stdout.write(`${written}\n`);
      setExit(ExitCode.ok);
    });
}
