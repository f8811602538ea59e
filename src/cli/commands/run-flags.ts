import type { FileReportFormat } from '../../report/index.js';

/** Flags of `rollbench run`. */
export interface RunFlags {
  out?: string;
  quiet?: boolean;
  verbose?: boolean;
  verify?: boolean;
  /** With --verify on a cluster: leave the recommended patch on the Deployment. */
  keep?: boolean;
  /** The reports to write next to result.json (default: html). */
  report?: FileReportFormat[];
  /** A result.json to compare the run with at its end (exit 6 on a regression). */
  baseline?: string;
  /** kubectl's flags, for a kubernetes target. */
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  url?: string;
}
