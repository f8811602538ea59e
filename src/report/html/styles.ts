/** The page's own styles: light and dark from the system (`prefers-color-scheme`), and a plain print layout. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1c2230; --muted: #5d6677; --grid: #e4e7ed; --card: #f5f6f8;
  --border: #d8dce4; --pass: #1d7a46; --pass-bg: #e6f4ec; --fail: #b3261e; --fail-bg: #fbeaea;
  --starting: #b8bfcc; --serving: #3f9d67; --terminating: #e0a526; --failed: #d93a2f; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --fg: #e4e8ef; --muted: #9aa3b3; --grid: #2a303b; --card: #1a1f28; --border: #303745;
    --pass: #5fd08e; --pass-bg: #15301f; --fail: #ff8a80; --fail-bg: #3a1a1a;
    --starting: #5b6474; --serving: #3c9a63; --terminating: #d19a22; --failed: #ff5c50; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 15px; font-weight: 600; color: var(--muted); margin: 8px 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 0; }
section { margin: 20px 0; padding: 16px; border: 1px solid var(--border); border-radius: 8px; }
.verdict { padding: 14px 16px; border-radius: 8px; border: 1px solid; font-size: 16px; }
.verdict.pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass); }
.verdict.fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail); }
.verdict p { margin: 0; }
.verdict .line { font-weight: 600; }
.verdict .meta { color: var(--fg); font-size: 13px; margin-top: 6px; }
.muted, .note { color: var(--muted); }
.runs { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 14px 0 0; font-size: 13px; }
.runs dt { color: var(--muted); }
.runs dd { margin: 0; overflow-wrap: anywhere; }
.chart { width: 100%; min-height: 40px; }
.chart + .chart { margin-top: 16px; }
.u-legend { font-size: 12px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { background: var(--card); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td:first-child { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
pre { background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; overflow-x: auto;
  font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 6px 0 0; }
.recommendation { margin: 12px 0 18px; }
.recommendation header { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
.recommendation .note { margin: 4px 0 0; font-size: 13px; }
button.copy { font: inherit; font-size: 13px; padding: 3px 12px; border-radius: 6px; border: 1px solid var(--border);
  background: var(--card); color: var(--fg); cursor: pointer; }
button.copy:hover { border-color: var(--muted); }
button.copy:focus-visible { outline: 3px solid #4d90fe; outline-offset: 2px; }
details summary { cursor: pointer; color: var(--muted); }
.events ol { columns: 2 320px; font-size: 13px; padding-left: 20px; }
.events .at { font-variant-numeric: tabular-nums; color: var(--muted); display: inline-block; min-width: 5em; }
.swimlane { width: 100%; height: auto; display: block; }
.swimlane text { fill: var(--fg); font-size: 12px; }
.swimlane .tick { stroke: var(--grid); }
.swimlane .tick-label { fill: var(--muted); font-size: 11px; }
.swimlane .starting { fill: var(--starting); }
.swimlane .serving { fill: var(--serving); }
.swimlane .terminating { fill: var(--terminating); }
.swimlane .failed { fill: var(--failed); }
.swimlane .exited { fill: var(--fg); }
.swimlane .counts.has-failed { fill: var(--fail); }
.key { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 6px 0 0; padding: 0;
  list-style: none; }
.key li::before { content: ""; display: inline-block; width: 12px; height: 10px; margin-right: 5px;
  background: var(--swatch); vertical-align: -1px; border-radius: 2px; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --card: #f4f4f4; --border: #bbb; }
  body { max-width: none; padding: 0; }
  section { break-inside: avoid; border: none; padding: 0; }
  button.copy { display: none; }
  details > *:not(summary) { display: block; }
}
`;
