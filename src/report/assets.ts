/** What a report may need beyond the document: the chart library, read by the caller (rendering does no IO). */
export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
}
